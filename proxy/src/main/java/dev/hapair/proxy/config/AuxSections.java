package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code userlist} and {@code http-errors} sections: what the rule language refers to by name. */
final class AuxSections {

    private final List<UserlistConfig> userlists = new ArrayList<>();
    private final List<HttpErrorsConfig> httpErrors = new ArrayList<>();
    private final List<RuleLine> globalVars = new ArrayList<>();
    private String name;
    private SourceLocation at;
    private List<UserlistConfig.Group> groups;
    private List<UserlistConfig.User> users;
    private Map<Integer, RulesConfig.ErrorFile> files;

    void openUserlist(ConfigLine l) {
        close();
        name = sectionName(l);
        at = l.location();
        groups = new ArrayList<>();
        users = new ArrayList<>();
    }

    void openHttpErrors(ConfigLine l) {
        close();
        name = sectionName(l);
        at = l.location();
        files = new LinkedHashMap<>();
    }

    private static String sectionName(ConfigLine l) {
        if (l.size() != 2) {
            throw new LineError("'" + l.keyword() + "' expects <name> as the only argument");
        }
        return l.arg(1);
    }

    /** Ends the section being read, if any. */
    void close() {
        if (groups != null) {
            userlists.add(new UserlistConfig(name, groups, users, at));
        } else if (files != null) {
            httpErrors.add(new HttpErrorsConfig(name, files, at));
        }
        groups = null;
        users = null;
        files = null;
    }

    boolean inUserlist() {
        return groups != null;
    }

    boolean inHttpErrors() {
        return files != null;
    }

    void userlistLine(ConfigLine l) {
        switch (l.keyword()) {
            case "group" -> {
                List<String> members = List.of();
                if (l.size() == 4 && l.arg(2).equals("users")) {
                    members = Arrays.asList(l.arg(3).split(","));
                } else if (l.size() != 2) {
                    throw new LineError("'group' expects <name> [users <user>,<user>...]");
                }
                groups.add(new UserlistConfig.Group(l.arg(1), members, l.location()));
            }
            case "user" -> {
                if (l.size() < 4 || !(l.arg(2).equals("password") || l.arg(2).equals("insecure-password"))) {
                    throw new LineError("'user' expects <name> password|insecure-password <password> [groups <g>,...]");
                }
                List<String> g = List.of();
                if (l.size() == 6 && l.arg(4).equals("groups")) {
                    g = Arrays.asList(l.arg(5).split(","));
                } else if (l.size() != 4) {
                    throw new LineError("'user' expects <name> password|insecure-password <password> [groups <g>,...]");
                }
                users.add(new UserlistConfig.User(
                        l.arg(1), l.arg(3), l.arg(2).equals("insecure-password"), g, l.location()));
            }
            default -> throw new LineError("unknown keyword '" + l.keyword() + "' in userlist '" + name + "'"
                    + Suggestions.didYouMean(l.keyword(), List.of("group", "user")));
        }
    }

    void httpErrorsLine(ConfigLine l) {
        if (!l.keyword().equals("errorfile")) {
            throw new LineError("unknown keyword '" + l.keyword() + "' in http-errors '" + name + "'"
                    + Suggestions.didYouMean(l.keyword(), List.of("errorfile")));
        }
        if (l.size() != 3) {
            throw new LineError("'errorfile' expects <code> and <file>");
        }
        int code = Units.parseInt(l.arg(1), "'errorfile'");
        files.put(code, new RulesConfig.ErrorFile(code, RulesConfig.ErrorFile.Kind.FILE, l.arg(2), l.location()));
    }

    /** Global {@code set-var NAME EXPR} / {@code set-var-fmt NAME FMT}: proc variables set at start-up. */
    void globalVar(ConfigLine l) {
        if (l.size() != 3) {
            throw new LineError(
                    "'" + l.keyword() + "' expects <name> and " + (l.keyword().equals("set-var") ? "<expr>" : "<fmt>"));
        }
        globalVars.add(new RuleLine(
                "global",
                l.keyword() + "(" + l.arg(1) + ")",
                List.of(l.arg(2)),
                java.util.Optional.empty(),
                l.location()));
    }

    List<RuleLine> globalVars() {
        return List.copyOf(globalVars);
    }

    List<UserlistConfig> userlists() {
        close();
        return List.copyOf(userlists);
    }

    List<HttpErrorsConfig> httpErrors() {
        close();
        return List.copyOf(httpErrors);
    }
}
