package dev.remolt.terminal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a sign-in URL on a terminal screen (Claude Code's login, {@code gh auth login}'s device
 * flow, generic OAuth). The screen comes from {@code tmux capture-pane -J}, which joins lines the
 * terminal wrapped; lines an application broke itself at the screen's width (as Ink-based CLIs do)
 * are joined here when a URL runs to the right edge and continues on the next line.
 */
final class SignInUrls {
    /** A sign-in link, with the one-time code shown beside it when there is one. */
    record SignInUrl(String url, String provider, String code) {}

    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+");
    private static final Pattern URL_CHARS = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+");
    private static final Pattern DEVICE_CODE = Pattern.compile("\\b([A-Z0-9]{4}-[A-Z0-9]{4})\\b");
    private static final Pattern SIGN_IN = Pattern.compile(
            "(?i)(oauth|authorize|/login/device|/device\\b|client_id=|response_type=|/signin|/sign-in|/login\\?)");
    private static final int MAX_URL = 4096;
    // Decoration an application draws around text: box edges and their padding.
    private static final String FRAME = "│┃║|╎ ";

    private SignInUrls() {}

    static Optional<SignInUrl> find(String screen, int width) {
        String joined = joinBrokenUrls(screen.lines().toList(), width);
        SignInUrl last = null;
        Matcher m = URL.matcher(joined);
        while (m.find()) {
            String url = trimTrailingPunctuation(m.group());
            if (url.length() > MAX_URL || !SIGN_IN.matcher(url).find()) continue;
            last = new SignInUrl(url, providerOf(url), codeNear(joined));
        }
        return Optional.ofNullable(last);
    }

    /** Joins line i and i+1 when a URL token reaches the right edge of line i and URL characters start line i+1. */
    static String joinBrokenUrls(List<String> lines, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : lines) {
            String line = stripFrame(raw);
            if (current != null) {
                String head = line.stripLeading();
                int end = head.indexOf(' ');
                String continuation = end < 0 ? head : head.substring(0, end);
                if (!continuation.isEmpty() && URL_CHARS.matcher(continuation).matches()) {
                    current.append(continuation);
                    if (end < 0 && reachesEdge(raw, width)) continue;
                    out.add(current.toString() + (end < 0 ? "" : head.substring(end)));
                    current = null;
                    continue;
                }
                out.add(current.toString());
                current = null;
            }
            if (reachesEdge(raw, width) && endsInUrl(line)) {
                current = new StringBuilder(line);
            } else {
                out.add(line);
            }
        }
        if (current != null) out.add(current.toString());
        return String.join("\n", out);
    }

    /**
     * Whether an application broke this line at the screen's edge. Longer lines were wrapped by the
     * terminal and already joined by tmux, so they end where the text ends. A few columns of slack
     * allow for frames and right padding.
     */
    private static boolean reachesEdge(String raw, int width) {
        int length = raw.stripTrailing().length();
        return width > 0 && length >= width - 4 && length <= width;
    }

    private static boolean endsInUrl(String line) {
        int start = line.lastIndexOf(' ');
        String lastWord = line.substring(start + 1);
        return lastWord.contains("://") || (line.contains("://") && URL_CHARS.matcher(lastWord).matches()
                && line.substring(line.lastIndexOf("://")).indexOf(' ') < 0);
    }

    private static String stripFrame(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && FRAME.indexOf(line.charAt(start)) >= 0) start++;
        while (end > start && FRAME.indexOf(line.charAt(end - 1)) >= 0) end--;
        return line.substring(start, end);
    }

    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:)]'\"".indexOf(url.charAt(end - 1)) >= 0) end--;
        return url.substring(0, end);
    }

    private static String providerOf(String url) {
        if (url.contains("claude.ai") || url.contains("anthropic.com")) return "claude";
        if (url.contains("/login/device")) return "github";
        return "oauth";
    }

    private static String codeNear(String screen) {
        Matcher m = DEVICE_CODE.matcher(screen);
        String code = null;
        while (m.find()) code = m.group(1);
        return code;
    }
}
