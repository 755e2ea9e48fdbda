package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** keepalived's {@code ${_ENV NAME}} and the other pre-defined definitions, on single lines. */
class PredefinedDefinitionsTest {
    private static final SourceLocation AT = new SourceLocation("k.conf", 7);
    private final PredefinedDefinitions defs = new PredefinedDefinitions(
            Map.of("CREDENTIALS_DIRECTORY", "/run/credentials/hapair-vrrp.service", "N", "5")::get);
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private String expand(String line) {
        return defs.expand(line, AT, diagnostics);
    }

    @Test
    void envIsReplacedByTheVariablesValueAnywhereOnTheLine() {
        assertEquals(
                "  key 1 file:/run/credentials/hapair-vrrp.service/vrrp_hmac",
                expand("  key 1 file:${_ENV CREDENTIALS_DIRECTORY}/vrrp_hmac"));
        assertEquals("priority 1055 # ${_ENV N}", expand("priority 10${_ENV N}${_ENV\tN } # ${_ENV N}"));
        assertEquals("say \"5\"", expand("say \"${_ENV N}\""), "inside quotes too, as keepalived's raw-line pass");
        assertEquals(List.of(), diagnostics);
    }

    @Test
    void linesWithoutPredefinedNamesAreUntouched() {
        for (String line : List.of("", "  state MASTER", "notify \"/bin/echo $HOME ${USER}\"", "$_FOO ${_lower}")) {
            assertEquals(line, expand(line));
        }
        assertEquals(List.of(), diagnostics);
    }

    @Test
    void anUnsetVariableIsAnErrorNamingIt() {
        assertEquals("key 1 file:/vrrp_hmac", expand("key 1 file:${_ENV NOT_SET_HERE}/vrrp_hmac"));
        assertEquals(
                List.of("k.conf:7: ${_ENV NOT_SET_HERE}: the environment variable NOT_SET_HERE is not set"),
                diagnostics.stream().map(Diagnostic::toString).toList());
    }

    @Test
    void aCommentedOutLineNeverFails() {
        assertEquals("  ! key 1 file:${_ENV NOT_SET}/k", expand("  ! key 1 file:${_ENV NOT_SET}/k"));
        assertEquals("# ${_PWD}", expand("# ${_PWD}"));
        assertEquals(List.of(), diagnostics);
    }

    @Test
    void otherPredefinedDefinitionsAndMalformedEnvAreErrors() {
        for (String line : List.of(
                "notify ${_PWD}/n.sh",
                "router_id $_INSTANCE",
                "priority ${_RANDOM 1 100}",
                "x ${_HASH}",
                "x ${_BANG}",
                "x ${_ENV}",
                "x ${_ENV A B}",
                "x $_ENV")) {
            diagnostics.clear();
            expand(line);
            assertEquals(1, diagnostics.size(), line + ": " + diagnostics);
            assertTrue(diagnostics.get(0).isError());
            assertTrue(
                    diagnostics.get(0).toString().contains("is not supported by hapair-vrrp (only ${_ENV NAME} is)"),
                    diagnostics.toString());
        }
    }
}
