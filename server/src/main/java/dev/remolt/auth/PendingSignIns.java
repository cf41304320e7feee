package dev.remolt.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth {@code state} values handed out by {@code /auth/login}: each bound to the browser that
 * asked (through a short-lived cookie), usable once, for ten minutes. Tabs of one browser share
 * the binding, so two sign-ins at once both succeed.
 */
public final class PendingSignIns {
    public static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_PENDING = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sign-in under way: the browser that started it, where it returns to, until when it may finish. */
    public record Pending(String browser, String next, Instant expires) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isToken(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{43}");
    }

    /** A new state for {@code browser}; throws when too many sign-ins are under way (a flood). */
    public String begin(String browser, String next, Instant now) {
        pending.values().removeIf(p -> p.expires().isBefore(now));
        if (pending.size() >= MAX_PENDING) throw new IllegalStateException("too many sign-ins under way");
        String state = randomToken();
        pending.put(state, new Pending(browser, next, now.plus(TTL)));
        return state;
    }

    /** The sign-in for {@code state}, removed so it cannot be used again; empty if unknown, expired or another browser's. */
    public Optional<Pending> finish(String state, String browser, Instant now) {
        if (state == null || browser == null) return Optional.empty();
        Pending found = pending.get(state);
        if (found == null || !MessageDigest.isEqual(found.browser().getBytes(StandardCharsets.US_ASCII),
                browser.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        if (!pending.remove(state, found) || found.expires().isBefore(now)) return Optional.empty();
        return Optional.of(found);
    }
}
