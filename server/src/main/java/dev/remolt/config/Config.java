package dev.remolt.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the server, read once at start-up. Defaults live in {@link ConfigLoader}, one
 * line per setting beside its variable name.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        RuntimeChoice runtime,
        int maxSessions,
        int maxSessionsPerUser,
        int maxIdleSeconds,
        int maxTerminals,
        int maxConnectionsPerUser,
        int cleanupIntervalSeconds,
        Optional<Path> eventsLog,
        Path sessionsFile,
        int warmPool,
        String namespace,
        Optional<Path> staticDir,
        Path agentsDir,
        Optional<String> sandboxImage,
        String baseImage,
        Optional<String> appsDomain,
        Optional<Path> extraCaCerts,
        LocalNetwork localNetwork,
        List<EgressRule> egressAllow,
        String dockerNetwork,
        boolean dockerHardened,
        Path containerDir,
        Optional<String> publicUrl,
        Optional<String> githubClientId,
        Optional<String> githubClientSecret,
        String githubBaseUrl,
        String githubApiUrl,
        Optional<String> cookieSecret,
        String imagePrefix,
        int podStartTimeoutSeconds,
        Optional<String> metricsToken,
        LogFormat logFormat,

        List<String> allowedUsers,
        List<String> allowedOrgs,
        int githubRecheckSeconds,
        boolean vscode,
        Path toolsDir) {

    /** Which sandbox backend to use; {@code AUTO} detects one at start-up. */
    public enum RuntimeChoice { AUTO, LOCAL, DOCKER, KUBERNETES }

    /**
     * Network of local (bubblewrap) sandboxes: none at all; user-mode networking (pasta) under the
     * egress policy; or the host's own, shared, with no policy at all.
     */
    public enum LocalNetwork { NONE, USER, HOST }

    /** Log lines as plain text or JSON objects; read by logback.xml itself, validated here. */
    public enum LogFormat { TEXT, JSON }

    /** Sign-in is on only when both halves of the GitHub OAuth app are set. */
    public boolean authEnabled() {
        return githubClientId.isPresent() && githubClientSecret.isPresent();
    }

    /** True when the server is reached over https, so cookies must be {@code Secure} and {@code __Host-}. */
    public boolean httpsPublicUrl() {
        return publicUrl.filter(u -> u.regionMatches(true, 0, "https://", 0, 8)).isPresent();
    }
}
