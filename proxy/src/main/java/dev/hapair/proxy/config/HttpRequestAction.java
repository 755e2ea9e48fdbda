package dev.hapair.proxy.config;

import java.util.List;
import java.util.Optional;

/** The action part of {@code http-request ACTION ... [if|unless COND]}. Values are raw log-format strings. */
public sealed interface HttpRequestAction permits HttpRequestAction.Allow, HttpRequestAction.Deny,
        HttpRequestAction.Redirect, HttpRequestAction.SetHeader, HttpRequestAction.AddHeader,
        HttpRequestAction.DelHeader, HttpRequestAction.Auth {

    record Allow() implements HttpRequestAction {
    }

    /** {@code deny [deny_status N]}; default 403. */
    record Deny(int status) implements HttpRequestAction {
    }

    /**
     * {@code redirect location|prefix|scheme TARGET [code N] [drop-query] [append-slash] [set-cookie X] ...};
     * default code 302. {@code options} keeps the trailing option tokens raw.
     */
    record Redirect(Type type, String target, int code, List<String> options) implements HttpRequestAction {
        public Redirect {
            options = List.copyOf(options);
        }

        public enum Type { LOCATION, PREFIX, SCHEME }
    }

    record SetHeader(String name, String value) implements HttpRequestAction {
    }

    record AddHeader(String name, String value) implements HttpRequestAction {
    }

    /** {@code del-header NAME [-m str|beg|end|sub|reg]}: which header names the action deletes. */
    record DelHeader(String name, Match match) implements HttpRequestAction {
        public enum Match {
            STR, BEG, END, SUB, REG;

            public static Optional<Match> byKeyword(String w) {
                for (Match m : values()) {
                    if (m.name().toLowerCase(java.util.Locale.ROOT).equals(w)) {
                        return Optional.of(m);
                    }
                }
                return Optional.empty();
            }
        }
    }

    /** {@code auth [realm REALM]}. */
    record Auth(Optional<String> realm) implements HttpRequestAction {
    }
}
