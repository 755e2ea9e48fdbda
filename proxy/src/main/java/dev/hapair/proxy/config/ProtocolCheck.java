package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;

/**
 * A protocol health check chosen by {@code option redis-check}, {@code ssl-hello-chk}, {@code smtpchk},
 * {@code pgsql-check}, {@code mysql-check} or {@code ldap-check}: the server {@code check} then speaks that
 * protocol (HAProxy 2.6's built-in tcp-check rule sets). Like {@code option httpchk} it is inherited from defaults,
 * and the last {@code option *-check} / {@code httpchk} / {@code tcp-check} line of a section wins.
 *
 * @param kind     which protocol
 * @param args     the option's arguments as the check uses them: smtpchk {@code [EHLO|HELO, domain]} (empty:
 *                 {@code HELO localhost}), pgsql-check {@code [user]}, mysql-check {@code [user, post-41|pre-41]}
 *                 or empty; none for the others
 * @param location the option line
 */
public record ProtocolCheck(Kind kind, List<String> args, SourceLocation location) {

    public enum Kind {
        REDIS("redis-check"),
        SSL_HELLO("ssl-hello-chk"),
        SMTP("smtpchk"),
        PGSQL("pgsql-check"),
        MYSQL("mysql-check"),
        LDAP("ldap-check");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        /** The {@code option} keyword. */
        public String option() {
            return option;
        }

        static Kind of(String option) {
            for (Kind k : values()) if (k.option.equals(option)) return k;
            throw new IllegalArgumentException(option);
        }
    }

    public ProtocolCheck {
        args = List.copyOf(args);
    }

    /** smtpchk's command: {@code HELO localhost} or the configured {@code EHLO|HELO <domain>}. */
    public String smtpCommand() {
        return args.isEmpty() ? "HELO localhost" : args.get(0) + " " + args.get(1);
    }

    /** pgsql-check's / mysql-check's user, null when none (mysql-check then only reads the handshake). */
    public String user() {
        return args.isEmpty() ? null : args.get(0);
    }

    /** mysql-check's {@code pre-41}: the legacy authentication packet. */
    public boolean pre41() {
        return args.size() > 1 && args.get(1).equals("pre-41");
    }
}
