package dev.remolt.session;

import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.events.EventLog;
import dev.remolt.metrics.ServerMetrics;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.sandbox.StreamingExec;
import dev.remolt.session.SessionRejectedException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, finds and ends sessions, within the global and per-user limits, and saves them. */
public final class SessionManager {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

    /** The limits a create is checked against. */
    public record Limits(int maxSessions, int maxSessionsPerUser) {}

    private final SandboxRuntime runtime;
    private final AgentCatalog agents;
    private final SessionStore store;
    private final EventLog events;
    private final Limits limits;
    private final WarmPool pool;
    private final SessionSecrets secrets;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean storeFailing;

    public SessionManager(SandboxRuntime runtime, AgentCatalog agents, SessionStore store, EventLog events, Limits limits,
                          WarmPool pool, SessionSecrets secrets) {
        this.secrets = secrets;
        this.runtime = runtime;
        this.agents = agents;
        this.store = store;
        this.events = events;
        this.limits = limits;
        this.pool = pool;
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public Session create(String owner, CreateSessionRequest request) {
        Agent agent = agentFor(request.agentType());
        Map<String, String> env = SessionEnvironment.build(agent, request, secrets.forNewSandbox(owner));
        ensureStateSavable();
        Session session;
        synchronized (this) {
            long active = sessions.size();
            if (active >= limits.maxSessions()) {
                throw new SessionRejectedException(Reason.LIMIT_REACHED, "server_session_limit",
                        "The server already runs its maximum of " + limits.maxSessions()
                                + " sessions (REMOLT_MAX_SESSIONS); try again when one ends.");
            }
            long mine = sessions.values().stream().filter(s -> s.owner().equals(owner)).count();
            if (mine >= limits.maxSessionsPerUser()) {
                throw new SessionRejectedException(Reason.LIMIT_REACHED, "user_session_limit",
                        "You already run " + mine + " sessions, the most one user may; end one to start another.");
            }
            Optional<String> pooled = poolable(agent, env) ? pool.claim(agent) : Optional.empty();
            session = new Session(pooled.orElseGet(SessionIds::next), owner, agent.id(), Instant.now(),
                    env.containsKey("REPO_URL"), pooled.isPresent());
            sessions.put(session.id(), session);
        }
        long started = System.nanoTime();
        try {
            if (session.fromPool()) {
                pool.markClaimed(session.id());
                applyGitIdentity(session.id(), env);
            } else {
                runtime.create(new SandboxSpec(session.id(), owner, agent, env, session.created().getEpochSecond()));
            }
        } catch (SandboxException e) {
            ServerMetrics.SESSION_STARTS.inc(runtime.name(), agent.id(), "failed");
            sessions.remove(session.id());
            log.error("creating session {} failed: {}", session.id(), e.getMessage());
            throw new SessionRejectedException(Reason.UNAVAILABLE, "sandbox_failed",
                    "The sandbox could not start: " + e.getMessage());
        }
        ServerMetrics.SESSION_STARTS.inc(runtime.name(), agent.id(), "ok");
        ServerMetrics.SESSION_START_SECONDS.observe((System.nanoTime() - started) / 1e9, runtime.name(), agent.id());
        session.advance(SessionState.RUNNING);
        if (!persist()) {
            sessions.remove(session.id());
            destroyQuietly(session.id());
            ensureStateSavable();
        }
        listeners.forEach(l -> l.created(session));
        events.emit("session.created", "session_id", session.id(), "has_repo", session.hasRepo(), "agent", agent.id(),
                "warm", session.fromPool());
        return session;
    }

    /**
     * A pooled sandbox was started without user data: only a launch that adds nothing but a git
     * identity (set afterwards) may take one. Secrets and repositories need a fresh sandbox,
     * since environment can only be given at creation.
     */
    private static boolean poolable(Agent agent, Map<String, String> env) {
        return env.entrySet().stream().allMatch(e -> e.getKey().equals("GIT_USER_NAME") || e.getKey().equals("GIT_USER_EMAIL")
                || e.getValue().equals(agent.envDefaults().get(e.getKey())));
    }

    private void applyGitIdentity(String id, Map<String, String> env) throws SandboxException {
        String name = oneLine(env.get("GIT_USER_NAME"));
        String email = oneLine(env.get("GIT_USER_EMAIL"));
        if (name.isEmpty() && email.isEmpty()) return;
        // The values go in on standard input, never on a command line other processes could read.
        // A pool sandbox may still be writing its own ~/.gitconfig (git locks it): try again briefly.
        try (StreamingExec exec = runtime.execStreaming(id, List.of("sh", "-c", "set_one() { for _ in 1 2 3 4 5 6 7 8 9 10; do"
                + " git config --global \"$1\" \"$2\" && return 0; sleep 0.2; done; return 1; };"
                + " IFS= read -r name; IFS= read -r email;"
                + " [ -z \"$name\" ] || set_one user.name \"$name\"; [ -z \"$email\" ] || set_one user.email \"$email\""))) {
            try (OutputStream input = exec.stdin()) {
                input.write((name + "\n" + email + "\n").getBytes(StandardCharsets.UTF_8));
            }
            exec.stdout().transferTo(OutputStream.nullOutputStream());
            int code = exec.waitFor(Duration.ofSeconds(30));
            // Not worth failing the launch for: the session works, and the user can set it.
            if (code != 0) log.warn("setting git's identity failed in session {}: {}", id, exec.stderr().strip());
        } catch (IOException e) {
            log.warn("cannot set git's identity in session {}: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(id, "interrupted while setting git's identity in session " + id, e);
        }
    }

    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]", " ").strip();
    }

    private Agent agentFor(String agentType) {
        if (agentType == null || agentType.isBlank()) {
            return agents.first().orElseThrow(() -> new SessionRejectedException(Reason.UNAVAILABLE, "no_agents",
                    "No agent is installed on this server."));
        }
        return agents.find(agentType).orElseThrow(() -> new SessionRejectedException(Reason.INVALID, "unknown_agent",
                "Unknown agent \"" + agentType + "\"; known agents: "
                        + String.join(", ", agents.all().stream().map(Agent::id).toList())));
    }

    /** The caller's session; another user's session is reported exactly as a missing one. */
    public Optional<Session> find(String owner, String id) {
        Session session = find(id).orElse(null);
        if (session == null) return Optional.empty();
        if (!session.owner().equals(owner)) {
            log.warn("audit: user {} asked for session {} of another user; answered as missing", owner, id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** A live session; one that is ending is already gone for callers. */
    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id)).filter(s -> s.state() != SessionState.ENDED);
    }

    public List<Session> listOf(String owner) {
        return sessions.values().stream().filter(s -> s.owner().equals(owner))
                .sorted((a, b) -> a.created().compareTo(b.created())).toList();
    }

    public List<Session> all() {
        return List.copyOf(sessions.values());
    }

    public int activeCount() {
        return sessions.size();
    }

    /** Ends the session for {@code reason} (user, idle, sandbox_gone, ...); false if it had already ended. */
    public boolean end(String id, String reason) {
        Session session = sessions.get(id);
        if (session == null || !session.advance(SessionState.ENDED)) return false;
        ServerMetrics.SESSION_ENDS.inc(reason);
        listeners.forEach(l -> l.ended(session, reason));
        destroyQuietly(id);
        sessions.remove(id);
        persist();
        events.emit("session.ended", "session_id", id, "reason", reason,
                "duration_s", Duration.between(session.created(), Instant.now()).toSeconds());
        return true;
    }

    void warnIdle(Session session, long secondsLeft) {
        listeners.forEach(l -> l.idleSoon(session, secondsLeft));
    }

    /** Puts adopted sessions back after a restart (see {@link SessionRecovery}). */
    void adopt(Session session) {
        session.advance(SessionState.RUNNING);
        sessions.put(session.id(), session);
    }

    void destroyQuietly(String id) {
        try {
            runtime.destroy(id);
        } catch (SandboxException e) {
            log.warn("cannot destroy the sandbox of session {}: {}", id, e.getMessage());
        }
    }

    /** Saves all sessions; on failure logs once per outage and refuses changes until a save succeeds. */
    boolean persist() {
        try {
            store.save(sessions.values());
            if (storeFailing) log.info("session state is saved again");
            storeFailing = false;
            return true;
        } catch (IOException e) {
            if (!storeFailing) log.error("cannot save session state: {}; refusing changes until it can", e.getMessage());
            storeFailing = true;
            return false;
        }
    }

    /** Refuses (503) while session state cannot be saved, so no change is made that a restart would lose. */
    public void ensureStateSavable() {
        if (storeFailing && !persist()) {
            throw new SessionRejectedException(Reason.UNAVAILABLE, "state_not_saved",
                    "The server cannot save session state (is its disk full?); try again shortly.");
        }
    }

    SandboxRuntime runtime() {
        return runtime;
    }

    EventLog events() {
        return events;
    }
}
