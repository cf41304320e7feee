package dev.remolt.sandbox.local;

import dev.remolt.sandbox.TmuxCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * tmux client commands for one sandbox, entered into it: a client obeys its server, and the server
 * is the sandbox's, so a client must never run outside. {@code -N} keeps a client from starting a
 * server of its own when the sandbox's is gone.
 */
final class TmuxClient {
    private final SandboxEntry entry;
    private final String sessionId;
    private final SandboxRecord record;

    TmuxClient(SandboxEntry entry, String sessionId, SandboxRecord record) {
        this.entry = entry;
        this.sessionId = sessionId;
        this.record = record;
    }

    List<String> attach(int window) {
        return command(TmuxCommands.attach(window, SandboxLayout.WORKSPACE_INSIDE));
    }

    List<String> command(List<String> tmuxArgs) {
        List<String> tmux = new ArrayList<>(List.of("tmux", "-N", "-u"));
        tmux.addAll(tmuxArgs);
        return entry.enter(sessionId, record, SandboxLayout.WORKSPACE_INSIDE, tmux);
    }
}
