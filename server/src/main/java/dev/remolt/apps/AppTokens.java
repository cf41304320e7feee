package dev.remolt.apps;

import dev.remolt.auth.HmacKey;
import dev.remolt.auth.SignOuts;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed, expiring claims that a user may open one app: a one-minute link from the workspace, and
 * the app origin's own cookie. HMAC-SHA256 with a key of their own, compared in constant time.
 * Each carries the user's sign-out epoch ({@link SignOuts}), checked on every use: signing out
 * ends app cookies (VS Code's included) with the sign-in cookie. Each has a random id, by which a
 * link is {@linkplain UsedLinks used once}.
 */
public final class AppTokens {
    public static final Duration LINK_LIFETIME = Duration.ofMinutes(1);
    public static final Duration COOKIE_LIFETIME = Duration.ofHours(12);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a valid token grants, with its id and end (for single use). */
    public record Grant(String user, AppHosts.App app, String id, Instant expires) {}

    private final HmacKey key;
    private final SignOuts signOuts;

    public AppTokens(byte[] secret, SignOuts signOuts) {
        this.key = new HmacKey(secret);
        this.signOuts = signOuts;
    }

    /** {@code kind} keeps a link from being replayed as a cookie and the other way round. */
    public String issue(String kind, String user, AppHosts.App app, Duration lifetime, Instant now) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String payload = String.join("|", kind, B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)),
                app.sessionId(), Integer.toString(app.port()), Long.toString(now.plus(lifetime).getEpochSecond()),
                Long.toString(signOuts.epochOf(user)), B64.encodeToString(id));
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
            if (parts.length != 7 || !parts[0].equals(kind) || !parts[2].equals(app.sessionId())
                    || !parts[3].equals(Integer.toString(app.port()))) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[4]));
            String user = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            if (expires.isBefore(now) || Long.parseLong(parts[5]) != signOuts.epochOf(user)) return Optional.empty();
            return Optional.of(new Grant(user, app, parts[6], expires));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
