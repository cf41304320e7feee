package dev.remolt.vscode;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole environment of a host-side install step, built from scratch: what npm, node-gyp and a
 * compiler need, and nothing else of the server's, whose environment holds its secrets (OAuth
 * client secret, cookie and API keys) that third-party install scripts must not read.
 */
final class InstallEnvironment {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** How a host reaches the registry: its proxy and the certificates of a TLS-inspecting one. */
    private static final List<String> PASSED_THROUGH = List.of("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy");
    /** npm reads its settings from variables of this prefix, in any case. */
    private static final String NPM_CONFIG = "npm_config_";

    private InstallEnvironment() {}

    /**
     * @param server the server's own environment
     * @param npmHome the steps' home, and so npm's cache
     * @param npmUserConfig the copy of the server user's npm config ({@link NpmUserConfig})
     */
    static Map<String, String> of(Map<String, String> server, Path npmHome, Path npmUserConfig) {
        Map<String, String> environment = new TreeMap<>();
        server.forEach((name, value) -> {
            if (PASSED_THROUGH.contains(name) || name.toLowerCase(Locale.ROOT).startsWith(NPM_CONFIG)) environment.put(name, value);
        });
        // Set below in one spelling: npm reads both, and which of two would win is not defined.
        environment.keySet().removeIf(name -> name.equalsIgnoreCase(NPM_CONFIG + "userconfig") || name.equalsIgnoreCase(NPM_CONFIG + "cache"));
        environment.put("PATH", server.getOrDefault("PATH", DEFAULT_PATH));
        environment.put("HOME", npmHome.toString());
        environment.put("LANG", "C.UTF-8");
        environment.put(NPM_CONFIG + "userconfig", npmUserConfig.toString());
        // The server user's config may name its own cache, which the install uid cannot write.
        environment.put(NPM_CONFIG + "cache", npmHome.resolve(".npm").toString());
        return environment;
    }
}
