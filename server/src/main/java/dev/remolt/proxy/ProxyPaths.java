package dev.remolt.proxy;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks the part of a proxied URL that is passed to the app. */
public final class ProxyPaths {
    private ProxyPaths() {}

    /**
     * The upstream path: the rest of the URL after {@code /proxy/{id}}, kept as sent (still
     * percent-encoded), refused when it could climb out of the app's root.
     */
    public static String upstream(String rawRest, String query) {
        String path = rawRest.isEmpty() ? "/" : rawRest;
        String lower = path.toLowerCase(Locale.ROOT);
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("\\") || lower.contains("%2e%2e")
                || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
                || Pattern.compile("(^|/)\\.\\.?(/|$)").matcher(path).find() || path.chars().anyMatch(c -> c <= 0x20)) {
            throw new IllegalArgumentException("bad path");
        }
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }
}
