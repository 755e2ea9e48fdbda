package dev.hapair.proxy.stats;

import java.util.Locale;
import java.util.Optional;

/**
 * What a request to the stats uri asks for: HAProxy's {@code ;csv}, {@code ;json}, {@code ;norefresh}
 * and {@code ;st=STATUS} suffixes after the uri.
 */
public record StatsRequest(Format format, boolean norefresh, Optional<String> status) {
    public enum Format {
        HTML,
        CSV,
        JSON
    }

    /** Parses the part of the request uri after the stats uri. */
    public static StatsRequest parse(String rest) {
        Format f = Format.HTML;
        boolean norefresh = false;
        String st = null;
        for (String part : rest.split(";")) {
            String p = part.toLowerCase(Locale.ROOT);
            int q = p.indexOf('?');
            if (q >= 0) p = p.substring(0, q);
            if (p.equals("csv")) f = Format.CSV;
            else if (p.equals("json")) f = Format.JSON;
            else if (p.equals("norefresh")) norefresh = true;
            else if (p.startsWith("st=")) st = part.substring(3).toUpperCase(Locale.ROOT);
        }
        return new StatsRequest(f, norefresh, Optional.ofNullable(st));
    }

    /** HAProxy's message for an admin action status code. */
    public static String statusMessage(String code) {
        return switch (code) {
            case "DONE" -> "Action processed successfully.";
            case "PART" -> "Action not processed completely: some servers were not found.";
            case "NONE" -> "Nothing has changed.";
            case "ERRP" -> "Action not processed because of invalid parameters.";
            case "EXCD" -> "Action not processed: the buffer couldn't store all the data.";
            case "DENY" -> "Action denied.";
            default -> "Unexpected result.";
        };
    }
}
