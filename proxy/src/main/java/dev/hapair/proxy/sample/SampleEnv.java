package dev.hapair.proxy.sample;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * What compiling a sample expression may consult: pattern and map files, backends and userlists of the
 * configuration. Compilation never touches the network.
 */
public final class SampleEnv {

    /** Reads a pattern or map file's meaningful lines. */
    @FunctionalInterface
    public interface Files {
        List<String> lines(String path) throws IOException;
    }

    private final Files files;
    private final MapRegistry maps;
    private final Predicate<String> backendExists;
    private final Predicate<String> userlistExists;
    private final dev.hapair.proxy.stick.StickTables tables;

    public SampleEnv(Files files, MapRegistry maps, Predicate<String> backendExists, Predicate<String> userlistExists) {
        this(files, maps, backendExists, userlistExists, dev.hapair.proxy.stick.StickTables.NONE);
    }

    public SampleEnv(
            Files files,
            MapRegistry maps,
            Predicate<String> backendExists,
            Predicate<String> userlistExists,
            dev.hapair.proxy.stick.StickTables tables) {
        this.files = files;
        this.maps = maps;
        this.backendExists = backendExists;
        this.userlistExists = userlistExists;
        this.tables = tables;
    }

    /** The configuration's stick tables (fetches, converters and track actions resolve their table here). */
    public dev.hapair.proxy.stick.StickTables tables() {
        return tables;
    }

    /** The stick table declared in proxy {@code name}; an error naming it when there is none. */
    public dev.hapair.proxy.stick.StickTable table(String name) {
        dev.hapair.proxy.stick.StickTable t = tables.get(name);
        if (t == null) throw new IllegalArgumentException("no stick-table in proxy '" + name + "'");
        return t;
    }

    /** Reads files from disk, accepts any backend or userlist name. */
    public static SampleEnv lenient() {
        return new SampleEnv(PatternFiles::read, new MapRegistry(PatternFiles::read), b -> true, u -> true);
    }

    public Files files() {
        return files;
    }

    public MapRegistry maps() {
        return maps;
    }

    public boolean backendExists(String name) {
        return backendExists.test(name);
    }

    public boolean userlistExists(String name) {
        return userlistExists.test(name);
    }
}
