package dev.remolt.auth;

import java.util.regex.Pattern;

/**
 * Where to send the browser after sign-in: only a path on this server. Anything that a browser
 * could read as another host ({@code //evil.com}, {@code /\evil.com}, {@code https://...},
 * {@code javascript:}) or that carries control characters becomes {@code /}.
 */
public final class SafeRedirect {
    private static final Pattern SAFE = Pattern.compile("/(?![/\\\\])[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?#]*");
    private static final int MAX_LENGTH = 1024;

    private SafeRedirect() {}

    public static String target(String next) {
        if (next == null || next.length() > MAX_LENGTH || !SAFE.matcher(next).matches()) return "/";
        // Browsers treat a backslash like a slash, and some decode %5C or %2F before resolving.
        String lower = next.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("\\") || lower.startsWith("/%2f") || lower.startsWith("/%5c")) return "/";
        return next;
    }
}
