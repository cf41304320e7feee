package dev.remolt.session;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Session ids: 64 random bits as 16 lower-case hex digits, unguessable and safe in paths and hostnames. */
public final class SessionIds {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {}

    public static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
