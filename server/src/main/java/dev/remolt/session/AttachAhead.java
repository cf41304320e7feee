package dev.remolt.session;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tmux client attached to a sandbox's first window before anyone asks: for pooled sandboxes
 * while they wait, and for a new session while its shell starts. The session's first viewer takes
 * it over, so its first screen needs no new client, pty or exec (PERF.md, start rows).
 */
public final class AttachAhead implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(AttachAhead.class);
    private static final long TAKE_TIMEOUT_SECONDS = 10;

    private final SandboxRuntime runtime;
    private final Map<String, CompletableFuture<TerminalChannel>> waiting = new ConcurrentHashMap<>();

    public AttachAhead(SandboxRuntime runtime) {
        this.runtime = runtime;
    }

    /** Attaches in the background; a viewer arriving meanwhile waits for this client rather than starting another. */
    void attachSoon(String sessionId) {
        waiting.computeIfAbsent(sessionId, id -> CompletableFuture.supplyAsync(() -> attach(id),
                command -> Thread.ofVirtual().name("attach-ahead-" + id).start(command)));
    }

    private TerminalChannel attach(String sessionId) {
        try {
            return runtime.attach(sessionId, 0, TerminalSize.DEFAULT);
        } catch (SandboxException e) {
            log.debug("no client attached ahead to session {}: {}", sessionId, e.getMessage());
            return null;
        }
    }

    /** The client attached ahead, for the session's first viewer of window 0; empty when there is none. */
    public Optional<TerminalChannel> take(String sessionId) {
        CompletableFuture<TerminalChannel> future = waiting.remove(sessionId);
        if (future == null) return Optional.empty();
        try {
            return Optional.ofNullable(future.get(TAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            future.thenAccept(channel -> {
                if (channel != null) channel.close();
            });
            return Optional.empty();
        }
    }

    void drop(String sessionId) {
        CompletableFuture<TerminalChannel> future = waiting.remove(sessionId);
        if (future != null) future.thenAccept(channel -> {
            if (channel != null) channel.close();
        });
    }

    @Override
    public void created(Session session) {
        attachSoon(session.id());
    }

    @Override
    public void ended(Session session, String reason) {
        drop(session.id());
    }

    /** Closes every waiting client; the sandboxes stay. */
    public void closeAll() {
        waiting.keySet().forEach(this::drop);
    }
}
