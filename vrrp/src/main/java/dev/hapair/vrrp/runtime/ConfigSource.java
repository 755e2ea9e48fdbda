package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import java.nio.file.Path;

/** Where the daemon reads keepalived.conf from, at start and at every SIGHUP. */
public interface ConfigSource {
    ConfigResult load();

    /** For log lines: the file name, or the embedded demo config's name. */
    String describe();

    static ConfigSource file(Path file) {
        return new ConfigSource() {
            @Override
            public ConfigResult load() {
                return KeepalivedConfigParser.parse(file);
            }

            @Override
            public String describe() {
                return file.toString();
            }
        };
    }

    /** A file read with keepalived's {@code -i CONFIG_ID} selecting its {@code @ID} conditional lines. */
    static ConfigSource file(Path file, String configId) {
        return new ConfigSource() {
            @Override
            public ConfigResult load() {
                return KeepalivedConfigParser.parse(file, configId);
            }

            @Override
            public String describe() {
                return file.toString();
            }
        };
    }

    static ConfigSource text(String name, String text) {
        return new ConfigSource() {
            @Override
            public ConfigResult load() {
                return KeepalivedConfigParser.parse(text, name);
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }
}
