package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;

/**
 * One line of a crt-list file: {@code <crtfile> [\[<sslbindconf> ...\]] [[!]<snifilter> ...]}.
 *
 * @param crt      the certificate file as written (joined with {@code crt-base} when relative)
 * @param options  the bracketed per-certificate settings
 * @param filters  SNI filters as written ({@code *.example.com}, {@code !secure.example.com}); none = the
 *                 certificate's CN and DNS subjectAltNames
 * @param text     the line as written (what {@code show ssl crt-list} prints back)
 * @param location the crt-list file and line
 */
public record CrtListEntry(
        String crt, CrtLineOptions options, List<String> filters, String text, SourceLocation location) {
    public CrtListEntry {
        filters = List.copyOf(filters);
    }

    /** The same line for another certificate file (a member of a multi-certificate bundle). */
    public CrtListEntry withCrt(String file) {
        String rest = text.startsWith(crt) ? text.substring(crt.length()) : "";
        return new CrtListEntry(file, options, filters, file + rest, location);
    }
}
