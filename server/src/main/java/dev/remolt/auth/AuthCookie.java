package dev.remolt.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sign-in cookie's value: {@code user.issuedAt.epoch.mac}, where mac is HMAC-SHA256 over the
 * rest. It carries no secret; it only proves who signed in, when, and in which sign-out epoch.
 */
public final class AuthCookie {
    public static final Duration MAX_AGE = Duration.ofDays(7);
    static final int MAX_LENGTH = 512;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** What a valid cookie says. */
    public record Claims(String user, long issuedAt, long epoch) {}

    private final HmacKey key;

    public AuthCookie(byte[] secret) {
        this.key = new HmacKey(secret);
    }

    public String issue(String user, long epoch, Instant now) {
        if (!LOGIN.matcher(user).matches()) throw new IllegalArgumentException("not a GitHub login");
        String payload = user + "." + now.getEpochSecond() + "." + epoch;
        return payload + "." + B64.encodeToString(key.sign(payload));
    }

    /** The claims of a genuine, unexpired cookie; empty for anything else. */
    public Optional<Claims> verify(String value, Instant now) {
        if (value == null || value.length() > MAX_LENGTH) return Optional.empty();
        int lastDot = value.lastIndexOf('.');
        if (lastDot <= 0) return Optional.empty();
        String payload = value.substring(0, lastDot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(value.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Constant-time: the comparison takes as long whichever byte differs.
        if (!key.verifies(payload, given)) return Optional.empty();
        String[] parts = payload.split("\\.", -1);
        if (parts.length != 3 || !LOGIN.matcher(parts[0]).matches()) return Optional.empty();
        try {
            long issuedAt = Long.parseLong(parts[1]);
            long epoch = Long.parseLong(parts[2]);
            Instant issued = Instant.ofEpochSecond(issuedAt);
            if (issued.isAfter(now.plus(CLOCK_SKEW)) || issued.plus(MAX_AGE).isBefore(now)) return Optional.empty();
            return Optional.of(new Claims(parts[0], issuedAt, epoch));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
