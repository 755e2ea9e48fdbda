package dev.hapair.proxy.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole, resolved and validated configuration (one or more files). Proxies are in declaration order;
 * a {@code listen} appears once and answers to both {@link #frontends()} and {@link #backends()}.
 *
 * @param files    the files read, in the order they were read
 * @param warnings every warning found (errors prevent building a config: see {@link ConfigException})
 * @param userlists  the {@code userlist} sections ({@code http_auth()})
 * @param httpErrors the {@code http-errors} sections ({@code errorfiles})
 * @param globalVars global {@code set-var}/{@code set-var-fmt} lines, as rule lines of family {@code global}
 */
public record HaproxyConfig(
        GlobalConfig global,
        List<ProxyConfig> proxies,
        List<String> files,
        List<ConfigDiagnostic> warnings,
        List<UserlistConfig> userlists,
        List<HttpErrorsConfig> httpErrors,
        List<RuleLine> globalVars) {
    public HaproxyConfig {
        globalVars = List.copyOf(globalVars);
        userlists = List.copyOf(userlists);
        httpErrors = List.copyOf(httpErrors);
        proxies = List.copyOf(proxies);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    public List<ProxyConfig> frontends() {
        return proxies.stream().filter(ProxyConfig::isFrontend).toList();
    }

    public List<ProxyConfig> backends() {
        return proxies.stream().filter(ProxyConfig::isBackend).toList();
    }

    /** The backend (or listen) of that name. */
    public Optional<ProxyConfig> backend(String name) {
        return proxies.stream()
                .filter(p -> p.isBackend() && p.name().equals(name))
                .findFirst();
    }

    /** The frontend (or listen) of that name. */
    public Optional<ProxyConfig> frontend(String name) {
        return proxies.stream()
                .filter(p -> p.isFrontend() && p.name().equals(name))
                .findFirst();
    }

    /** Any proxy of that name (a frontend and a backend may share a name; the first declared wins). */
    public Optional<ProxyConfig> proxy(String name) {
        return proxies.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
