package dev.remolt.session;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation: sandboxes found by their labels that are alive are adopted under the
 * same id, owner and agent; saved sessions whose sandbox is gone end with a reason; dead sandboxes
 * are cleaned up. Never creates a sandbox and never destroys a live one.
 */
public final class SessionRecovery {
    private static final Logger log = LoggerFactory.getLogger(SessionRecovery.class);

    private SessionRecovery() {}

    public static void run(SessionManager manager, SessionStore store, AgentCatalog agents) throws SandboxException {
        List<SessionStore.Entry> saved = store.load();
        Map<String, SandboxInfo> sandboxes = new HashMap<>();
        for (SandboxInfo info : manager.runtime().list()) {
            if (SessionIds.isWellFormed(info.sessionId())) sandboxes.put(info.sessionId(), info);
        }
        Set<String> savedIds = saved.stream().map(SessionStore.Entry::sessionId).collect(Collectors.toSet());
        for (SessionStore.Entry entry : saved) {
            SandboxInfo info = sandboxes.get(entry.sessionId());
            // A claimed pool sandbox keeps its pool label: the file's claim is what makes it the user's.
            boolean ownerMatches = entry.owner().equals(info == null ? null : info.owner())
                    || (info != null && WarmPool.POOL_OWNER.equals(info.owner()));
            if (info != null && info.alive() && ownerMatches && entry.agent().equals(info.agentId())) {
                adopt(manager, entry.toSession());
            } else {
                manager.events().emit("session.ended", "session_id", entry.sessionId(), "reason", "sandbox_gone",
                        "duration_s", Duration.between(Instant.ofEpochSecond(entry.created()), Instant.now()).toSeconds());
            }
        }
        for (SandboxInfo info : sandboxes.values()) {
            if (WarmPool.POOL_OWNER.equals(info.owner())) continue; // the pool takes back its own
            if (info.alive() && !savedIds.contains(info.sessionId()) && info.owner() != null
                    && agents.find(info.agentId()).isPresent()) {
                // Known to the sandbox's labels but not to the file (lost or corrupt): rebuild from labels.
                adopt(manager, new Session(info.sessionId(), info.owner(), info.agentId(), createdOf(info), false));
            } else if (!info.alive()) {
                log.info("removing the dead sandbox of session {}", info.sessionId());
                manager.destroyQuietly(info.sessionId());
            }
        }
        manager.persist();
    }

    private static void adopt(SessionManager manager, Session session) {
        manager.adopt(session);
        manager.events().emit("session.recovered", "session_id", session.id());
    }

    private static Instant createdOf(SandboxInfo info) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(info.labels().getOrDefault(SandboxLabels.CREATED, "0")));
        } catch (NumberFormatException e) {
            return Instant.now();
        }
    }
}
