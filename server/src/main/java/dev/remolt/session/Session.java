package dev.remolt.session;

import java.time.Instant;

/** One user's sandboxed session. Identity is fixed; state and activity change over its life. */
public final class Session {
    private final String id;
    private final String owner;
    private final String agentId;
    private final Instant created;
    private final boolean hasRepo;
    private final boolean fromPool;
    private volatile SessionState state = SessionState.STARTING;
    private volatile long lastActivityMillis;
    private volatile boolean idleWarned;

    public Session(String id, String owner, String agentId, Instant created, boolean hasRepo) {
        this(id, owner, agentId, created, hasRepo, false);
    }

    public Session(String id, String owner, String agentId, Instant created, boolean hasRepo, boolean fromPool) {
        this.id = id;
        this.owner = owner;
        this.agentId = agentId;
        this.created = created;
        this.hasRepo = hasRepo;
        this.fromPool = fromPool;
        this.lastActivityMillis = System.currentTimeMillis();
    }

    /** Moves to {@code next} if that is forward; returns whether the state changed. */
    public synchronized boolean advance(SessionState next) {
        if (next.ordinal() <= state.ordinal()) return false;
        state = next;
        return true;
    }

    public void touch() {
        lastActivityMillis = System.currentTimeMillis();
        idleWarned = false;
    }

    /** True the first time it is called since the last activity: one idle warning per quiet spell. */
    boolean markIdleWarned() {
        if (idleWarned) return false;
        idleWarned = true;
        return true;
    }

    public String id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    public String agentId() {
        return agentId;
    }

    public Instant created() {
        return created;
    }

    public boolean hasRepo() {
        return hasRepo;
    }

    /** Whether the sandbox came from the warm pool (started before the user asked). */
    public boolean fromPool() {
        return fromPool;
    }

    public SessionState state() {
        return state;
    }

    public long lastActivityMillis() {
        return lastActivityMillis;
    }
}
