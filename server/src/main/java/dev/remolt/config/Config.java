package dev.remolt.config;

import java.nio.file.Path;
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
        int cleanupIntervalSeconds,
        Optional<Path> eventsLog,
        Path sessionsFile,
        int warmPool,
        String namespace,
        Optional<Path> staticDir,
        Path agentsDir,
        String sandboxImage,
        String baseImage,
        Optional<String> appsDomain,
        Optional<Path> extraCaCerts,
        LocalNetwork localNetwork,
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
        LogFormat logFormat) {

    /** Which sandbox backend to use; {@code AUTO} detects one at start-up. */
    public enum RuntimeChoice { AUTO, LOCAL, DOCKER, KUBERNETES }

    /** Network of local (bubblewrap) sandboxes: none at all, or the host's shared. */
    public enum LocalNetwork { NONE, HOST }

    /** Log lines as plain text or JSON objects; read by logback.xml itself, validated here. */
    public enum LogFormat { TEXT, JSON }

    /** Sign-in is on only when both halves of the GitHub OAuth app are set. */
    public boolean authEnabled() {
        return githubClientId.isPresent() && githubClientSecret.isPresent();
    }
}
