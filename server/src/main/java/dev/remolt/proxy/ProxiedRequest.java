package dev.remolt.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request line and headers sent upstream. The target is always the sandbox's own loopback and
 * the agent's declared port; nothing from the request chooses it. Our cookies, credentials and
 * forwarding headers are dropped, so the app sees neither the user's session nor a spoofed origin.
 */
final class ProxiedRequest {
    private static final Set<String> DROPPED = Set.of("host", "connection", "keep-alive", "proxy-authorization",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "authorization", "forwarded",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "x-base-url",
            "content-length", "expect", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions");
    private static final Pattern OUR_COOKIE = Pattern.compile("(__Host-)?remolt[-_a-zA-Z0-9]*");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private ProxiedRequest() {}

    /** Builds the head; {@code extra} headers (body framing, upgrade) are added as given. */
    static byte[] head(String method, String pathAndQuery, int port, Map<String, List<String>> headers,
                       Map<String, String> extra) {
        if (!TOKEN.matcher(method).matches()) throw new IllegalArgumentException("bad method");
        StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (DROPPED.contains(lower) || lower.startsWith("x-remolt") || !TOKEN.matcher(name).matches()) return;
            for (String value : values) {
                String kept = lower.equals("cookie") ? withoutOurCookies(value) : value;
                if (kept.isEmpty() || kept.indexOf('\r') >= 0 || kept.indexOf('\n') >= 0) continue;
                head.append(name).append(": ").append(kept).append("\r\n");
            }
        });
        extra.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String withoutOurCookies(String cookieHeader) {
        StringBuilder kept = new StringBuilder();
        for (String pair : cookieHeader.split(";")) {
            String trimmed = pair.strip();
            int eq = trimmed.indexOf('=');
            String name = eq < 0 ? trimmed : trimmed.substring(0, eq);
            if (trimmed.isEmpty() || OUR_COOKIE.matcher(name).matches()) continue;
            if (!kept.isEmpty()) kept.append("; ");
            kept.append(trimmed);
        }
        return kept.toString();
    }
}
