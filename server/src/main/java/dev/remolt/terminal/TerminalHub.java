package dev.remolt.terminal;

import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.Session;
import dev.remolt.session.SessionListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every attached viewer, by session, so a session's end can close its sockets with a reason. */
final class TerminalHub implements SessionListener {
    private final Map<String, Set<TerminalViewer>> viewers = new ConcurrentHashMap<>();
    private final Map<String, SignInUrlWatcher> watchers = new ConcurrentHashMap<>();
    private final SandboxRuntime runtime;

    TerminalHub(SandboxRuntime runtime) {
        this.runtime = runtime;
    }

    void add(TerminalViewer viewer) {
        viewers.computeIfAbsent(viewer.session().id(), id -> ConcurrentHashMap.newKeySet()).add(viewer);
        watcher(viewer.session().id()).recentEvent().ifPresent(viewer::sendEvent);
    }

    /** The sign-in watcher of a session: every viewer's output feeds it, every viewer hears it. */
    SignInUrlWatcher watcher(String sessionId) {
        return watchers.computeIfAbsent(sessionId, id -> new SignInUrlWatcher(id, runtime, event -> broadcast(id, event)));
    }

    private void broadcast(String sessionId, String event) {
        viewers.getOrDefault(sessionId, Set.of()).forEach(v -> v.sendEvent(event));
    }

    void remove(TerminalViewer viewer) {
        viewers.computeIfPresent(viewer.session().id(), (id, set) -> {
            set.remove(viewer);
            return set.isEmpty() ? null : set;
        });
    }

    int count() {
        return viewers.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void idleSoon(Session session, long secondsLeft) {
        for (TerminalViewer viewer : viewers.getOrDefault(session.id(), Set.of())) {
            viewer.sendEvent("{\"type\":\"idle_warning\",\"seconds\":" + secondsLeft + "}");
        }
    }

    @Override
    public void ended(Session session, String reason) {
        watchers.remove(session.id());
        Set<TerminalViewer> attached = viewers.remove(session.id());
        if (attached == null) return;
        for (TerminalViewer viewer : attached) {
            viewer.sendEvent("{\"type\":\"exit\",\"reason\":\"" + reason + "\"}");
            viewer.close(CloseCodes.SESSION_GONE, "session ended: " + reason);
        }
    }
}
