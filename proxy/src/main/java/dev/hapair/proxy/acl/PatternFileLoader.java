package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.PatternFiles;
import java.io.IOException;
import java.util.List;

/** Loads the patterns of {@code -f FILE}: one per line, blank lines and {@code #} comments skipped. */
@FunctionalInterface
public interface PatternFileLoader {

    List<String> load(String path) throws IOException;

    PatternFileLoader FILES = PatternFiles::read;
}
