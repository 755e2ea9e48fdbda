package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every HAProxy rule action hapair does not implement is an error naming file:line and the action, in
 * every rule family (the implemented ones are compiled and checked by the rules engine's tests).
 */
class RuleKeywordsTest {

    @TestFactory
    List<DynamicTest> unimplementedActionsAreErrors() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String family : RuleKeywords.ACTIONS.keySet()) {
            for (String action : RuleKeywords.NOT_IMPLEMENTED) {
                tests.add(DynamicTest.dynamicTest(family + " " + action, () -> {
                    String cfg = Cfg.TIMEOUTS + "listen l\n  mode http\n  bind :80\n  " + family + " " + action + "\n";
                    List<String> errors = Cfg.errors(cfg);
                    assertTrue(
                            errors.stream()
                                    .anyMatch(e -> e.startsWith("t.cfg:8: '" + family + " " + action
                                            + "' is not supported by hapair-proxy")),
                            () -> String.join("\n", errors));
                }));
            }
        }
        return tests;
    }
}
