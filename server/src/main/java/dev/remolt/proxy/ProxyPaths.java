package dev.remolt.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks the part of a proxied URL that is passed to the app. */
public final class ProxyPaths {
    /** "." or "..", also with a ";param" (which some servers strip before resolving). */
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.\\.?(;[^/]*)?(/|$)");
    /** An app may decode what it gets again, so every decoding of the path is checked; real paths settle in two. */
    private static final int MAX_DECODINGS = 4;

    private ProxyPaths() {}

    /**
     * The upstream path: the rest of the URL after {@code /proxy/{id}}, kept as sent (still
     * percent-encoded), refused when it, or any percent-decoding of it ({@code .%2e}, {@code %2E.},
     * {@code %252e%252e}), could climb out of the app's root.
     */
    public static String upstream(String rawRest, String query) {
        String path = rawRest.isEmpty() ? "/" : rawRest;
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= 0x20 || c == 0x7f) || climbs(path)) {
            throw new IllegalArgumentException("bad path");
        }
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    private static boolean climbs(String path) {
        String form = path;
        for (int i = 0; i <= MAX_DECODINGS; i++) {
            String lower = form.toLowerCase(Locale.ROOT);
            // An encoded slash or backslash would let the app see other segments than we checked.
            if (form.startsWith("//") || form.contains("\\") || lower.contains("%2f") || lower.contains("%5c")
                    || DOT_SEGMENT.matcher(form).find() || form.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return true;
            }
            String decoded = decodeOnce(form);
            if (decoded.equals(form)) return false;
            form = decoded;
        }
        // Still changing after that many decodings: nothing a real app links to looks like this.
        return true;
    }

    /** One round of percent-decoding; a {@code %} not followed by two hex digits stays as it is. */
    static String decodeOnce(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && HexFormat.isHexDigit(raw[i + 1]) && HexFormat.isHexDigit(raw[i + 2])) {
                bytes.write(HexFormat.fromHexDigit(raw[i + 1]) * 16 + HexFormat.fromHexDigit(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
