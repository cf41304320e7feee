package dev.remolt.apps;

import dev.remolt.auth.HmacKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed, expiring claims that a user may open one app: a one-minute link from the workspace, and
 * the app origin's own cookie. HMAC-SHA256 with a key of their own, compared in constant time.
 */
public final class AppTokens {
    public static final Duration LINK_LIFETIME = Duration.ofMinutes(1);
    public static final Duration COOKIE_LIFETIME = Duration.ofHours(12);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** What a valid token grants. */
    public record Grant(String user, AppHosts.App app) {}

    private final HmacKey key;

    public AppTokens(byte[] secret) {
        this.key = new HmacKey(secret);
    }

    /** {@code kind} keeps a link from being replayed as a cookie and the other way round. */
    public String issue(String kind, String user, AppHosts.App app, Duration lifetime, Instant now) {
        String payload = String.join("|", kind, B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)),
                app.sessionId(), Integer.toString(app.port()), Long.toString(now.plus(lifetime).getEpochSecond()));
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(key.sign(payload));
    }

    public Optional<Grant> verify(String kind, String token, AppHosts.App app, Instant now) {
        if (token == null || token.length() > 1024) return Optional.empty();
        int dot = token.indexOf('.');
        if (dot <= 0) return Optional.empty();
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            if (!key.verifies(payload, Base64.getUrlDecoder().decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] parts = payload.split("\\|", -1);
            if (parts.length != 5 || !parts[0].equals(kind) || !parts[2].equals(app.sessionId())
                    || !parts[3].equals(Integer.toString(app.port()))
                    || Instant.ofEpochSecond(Long.parseLong(parts[4])).isBefore(now)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), app));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
