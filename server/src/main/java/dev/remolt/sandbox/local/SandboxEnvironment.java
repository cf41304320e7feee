package dev.remolt.sandbox.local;

import dev.remolt.agents.EnvironmentNames;
import dev.remolt.sandbox.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The session's environment as {@code NAME=value} pairs, each ended by a NUL (the format of
 * {@code env -0}), which the sandbox's first process reads from standard input: values never appear
 * on a command line or in the environment of any process outside the sandbox.
 */
final class SandboxEnvironment {
    private static final Path SYSTEM_CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SandboxEnvironment() {}

    /** @param agentTools whether the agent's installed tools are at {@link AgentInstalls#PREFIX_INSIDE} */
    static String pairs(SandboxSpec spec, boolean agentTools) {
        Map<String, String> env = new LinkedHashMap<>();
        spec.env().forEach((name, value) -> {
            if (NAME.matcher(name).matches() && EnvironmentNames.refusal(name).isEmpty()) env.put(name, value);
        });
        env.putAll(SandboxEntry.ENV);
        String path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        if (agentTools) {
            // The agent's tools are read-only: the user's own global npm installs go into the home folder.
            env.put("NPM_CONFIG_PREFIX", SandboxLayout.HOME_INSIDE + "/.npm-global");
            path = SandboxLayout.HOME_INSIDE + "/.npm-global/bin:" + AgentInstalls.PREFIX_INSIDE + "/bin:" + path;
        }
        env.put("PATH", path);
        env.put("REMOLT_SESSION_ID", spec.sessionId());
        // As in the docker images: node trusts the system's store too (a TLS-inspecting proxy's CA, say).
        if (Files.isRegularFile(SYSTEM_CA_BUNDLE)) env.putIfAbsent("NODE_EXTRA_CA_CERTS", SYSTEM_CA_BUNDLE.toString());
        StringBuilder pairs = new StringBuilder();
        env.forEach((name, value) -> {
            if (value.indexOf('\0') < 0) pairs.append(name).append('=').append(value).append('\0');
        });
        return pairs.toString();
    }
}
