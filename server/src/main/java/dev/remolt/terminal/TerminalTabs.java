package dev.remolt.terminal;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.TmuxCommands;
import dev.remolt.session.SessionRejectedException;
import dev.remolt.session.SessionRejectedException.Reason;
import java.util.Arrays;
import java.util.List;

/** A session's terminal tabs: the windows of its tmux session {@code main}, up to a limit. */
public final class TerminalTabs {
    private final SandboxRuntime runtime;
    private final int max;

    public TerminalTabs(SandboxRuntime runtime, int max) {
        this.runtime = runtime;
        this.max = max;
    }

    /** The window indexes, in order; empty when tmux cannot be reached (the session is ending). */
    public List<Integer> list(String sessionId) {
        try {
            return parse(runtime.tmux(sessionId, TmuxCommands.listWindows()));
        } catch (SandboxException e) {
            return List.of();
        }
    }

    public int open(String sessionId) {
        if (list(sessionId).size() >= max) {
            throw new SessionRejectedException(Reason.LIMIT_REACHED, "terminal_limit",
                    "This session already has " + max + " terminals, the most it may; close one first.");
        }
        try {
            return Integer.parseInt(runtime.tmux(sessionId, TmuxCommands.newWindow()).strip());
        } catch (SandboxException | NumberFormatException e) {
            throw new SessionRejectedException(Reason.UNAVAILABLE, "terminal_failed", "Cannot open a terminal: " + e.getMessage());
        }
    }

    public void close(String sessionId, int window) {
        if (!list(sessionId).contains(window)) {
            throw new SessionRejectedException(Reason.NOT_FOUND, "terminal_not_found", "No terminal " + window + " in this session.");
        }
        if (window == 0) {
            throw new SessionRejectedException(Reason.INVALID, "first_terminal", "The first terminal stays open; end the session instead.");
        }
        try {
            runtime.tmux(sessionId, TmuxCommands.killWindow(window));
        } catch (SandboxException e) {
            throw new SessionRejectedException(Reason.UNAVAILABLE, "terminal_failed", "Cannot close terminal " + window + ": " + e.getMessage());
        }
    }

    public boolean exists(String sessionId, int window) {
        return window == 0 || list(sessionId).contains(window);
    }

    static List<Integer> parse(String output) {
        return Arrays.stream(output.split("\\R")).map(String::strip).filter(s -> s.matches("\\d{1,4}"))
                .map(Integer::parseInt).sorted().toList();
    }
}
