package dev.remolt.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The tmux arguments every runtime uses to attach a viewer. Window 0 attaches to session
 * {@code main} itself; another window attaches through a grouped session of its own, so each tab
 * shows its own window while all tabs share one set of windows.
 */
public final class TmuxCommands {
    public static final String SESSION = "main";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TmuxCommands() {}

    /** Arguments after {@code tmux [-S socket]} that attach to {@code window}, creating {@code main} if the user ended it. */
    public static List<String> attach(int window, String startDirectory) {
        List<String> args = new ArrayList<>(List.of("new-session", "-A", "-s", SESSION, "-c", startDirectory));
        if (window == 0) return args;
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String view = "tab" + window + "-" + HexFormat.of().formatHex(suffix);
        // The grouped session dies with its client (destroy-unattached), so tabs leave nothing behind.
        return List.of("new-session", "-t", SESSION, "-s", view, ";",
                "set-option", "-t", view, "destroy-unattached", "on", ";",
                "select-window", "-t", view + ":" + window);
    }

    public static List<String> listWindows() {
        return List.of("list-windows", "-t", SESSION, "-F", "#{window_index}");
    }

    public static List<String> newWindow() {
        return List.of("new-window", "-d", "-t", SESSION + ":", "-P", "-F", "#{window_index}");
    }

    public static List<String> killWindow(int window) {
        return List.of("kill-window", "-t", SESSION + ":" + window);
    }
}
