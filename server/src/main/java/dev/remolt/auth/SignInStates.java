package dev.remolt.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sign-ins under way, kept by the browser rather than the server, so no amount of anonymous
 * {@code /auth/login} costs the server memory or locks anyone out. Each sign-in gets a random
 * OAuth {@code state}, a PKCE verifier (RFC 7636, S256) and the path to return to; the browser
 * holds them in a ten-minute cookie named after the state and signed with the server's key, so
 * the callback succeeds only in the browser that started it, and two tabs keep a cookie each.
 */
public final class SignInStates {
    public static final Duration TTL = Duration.ofMinutes(10);
    private static final String COOKIE_PREFIX = "remolt_oauth_";
    /** Keeps these signatures apart from every other value signed with the same key. */
    private static final String PURPOSE = "oauth-state";
    private static final Pattern RANDOM_TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new sign-in: the state and PKCE challenge for GitHub, and the cookie that remembers the rest. */
    public record Started(String state, String codeChallenge, String cookieName, String cookieValue) {}

    /** A sign-in the callback may finish: where to return, and the verifier for the code exchange. */
    public record Pending(String next, String codeVerifier) {}

    private final HmacKey key;

    public SignInStates(HmacKey key) {
        this.key = key;
    }

    public Started begin(String next, Instant now) {
        String state = randomToken();
        String verifier = randomToken();
        String payload = String.join("|", PURPOSE, state, verifier, B64.encodeToString(next.getBytes(StandardCharsets.UTF_8)),
                Long.toString(now.plus(TTL).getEpochSecond()));
        String value = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(key.sign(payload));
        return new Started(state, challengeOf(verifier), COOKIE_PREFIX + state, value);
    }

    /** The cookie (before any {@code __Host-} prefix) that holds the sign-in of {@code state}; empty for a malformed state. */
    public static Optional<String> cookieName(String state) {
        return state != null && RANDOM_TOKEN.matcher(state).matches() ? Optional.of(COOKIE_PREFIX + state) : Optional.empty();
    }

    /** The sign-in of {@code state}, if {@code cookie} is its genuine, unexpired cookie. */
    public Optional<Pending> finish(String state, String cookie, Instant now) {
        if (cookieName(state).isEmpty() || cookie == null || cookie.length() > 4096) return Optional.empty();
        int dot = cookie.indexOf('.');
        if (dot <= 0) return Optional.empty();
        try {
            String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, dot)), StandardCharsets.UTF_8);
            if (!key.verifies(payload, Base64.getUrlDecoder().decode(cookie.substring(dot + 1)))) return Optional.empty();
            String[] parts = payload.split("\\|", -1);
            if (parts.length != 5 || !parts[0].equals(PURPOSE) || !parts[1].equals(state)
                    || Instant.ofEpochSecond(Long.parseLong(parts[4])).isBefore(now)) {
                return Optional.empty();
            }
            String next = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8);
            return Optional.of(new Pending(SafeRedirect.target(next), parts[2]));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static String challengeOf(String verifier) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
