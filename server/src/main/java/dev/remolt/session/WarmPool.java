package dev.remolt.session;

import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.SandboxSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes started ahead of demand, {@code REMOLT_WARM_POOL} per agent that allows it, with tmux
 * already running. They carry the owner label {@link #POOL_OWNER} and no user data or secrets;
 * a claim turns one into a session (recorded in sessions.json, so a restart adopts it) and a
 * refill starts in the background.
 */
public final class WarmPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
    public static final String POOL_OWNER = "remolt-pool";

    private final SandboxRuntime runtime;
    private final AgentCatalog agents;
    private final int size;
    private final Map<String, Queue<String>> ready = new ConcurrentHashMap<>();
    private final AttachAhead ahead;
    private final Map<String, AtomicBoolean> refilling = new ConcurrentHashMap<>();
    /**
     * A refill waits this long after a claim: starting a sandbox costs CPU the claimer's first
     * attach needs more (measured: start.warm, BENCHMARKS.md).
     */
    static final long REFILL_DELAY_MS = 1000;
    private final ScheduledExecutorService refills = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("warm-pool").factory());

    /** {@code ahead}: each ready sandbox waits with a client attached, for its claimer's first socket. */
    public WarmPool(SandboxRuntime runtime, AgentCatalog agents, int size, AttachAhead ahead) {
        this.ahead = ahead;
        this.runtime = runtime;
        this.agents = agents;
        this.size = size;
    }

    /** Takes back the pool's sandboxes that survived a restart, then tops every pool up. */
    public void start(Iterable<SandboxInfo> found, Set<String> claimed) {
        for (SandboxInfo info : found) {
            if (!POOL_OWNER.equals(info.owner()) || claimed.contains(info.sessionId())) continue;
            if (info.alive() && wasClaimed(info.sessionId())) {
                // Claimed by someone the lost or corrupt sessions file no longer names: never hand it out again.
                log.warn("pooled sandbox {} was claimed by an unknown user: kept running, given to nobody", info.sessionId());
            } else if (info.alive() && size > 0 && agents.find(info.agentId()).map(Agent::warmPool).orElse(false)) {
                ahead.attachSoon(info.sessionId());
                queue(info.agentId()).add(info.sessionId());
            } else {
                destroyQuietly(info.sessionId());
            }
        }
        agents.all().stream().filter(Agent::warmPool).forEach(agent -> refillLater(agent, 0));
    }

    /** Leaves a mark inside a claimed sandbox, so a restart that lost sessions.json never pools it again. */
    void markClaimed(String id) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(REFILL_DELAY_MS); // after the claimer's first attach, which needs the CPU more
                runtime.exec(id, List.of("sh", "-c", "mkdir -p ~/.remolt && touch ~/.remolt/claimed"));
            } catch (SandboxException e) {
                log.warn("cannot mark pooled sandbox {} as claimed: {}", id, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private boolean wasClaimed(String id) {
        try {
            return runtime.exec(id, List.of("sh", "-c", "test -e ~/.remolt/claimed")).exitCode() == 0;
        } catch (SandboxException e) {
            return true; // cannot tell: treat as claimed, the safe side
        }
    }

    /** A ready sandbox of {@code agent}, removed from the pool; empty when none is ready. */
    Optional<String> claim(Agent agent) {
        if (size == 0 || !agent.warmPool()) return Optional.empty();
        Queue<String> queue = queue(agent.id());
        for (String id; (id = queue.poll()) != null; ) {
            if (runtime.isAlive(id)) {
                refillLater(agent, REFILL_DELAY_MS);
                return Optional.of(id);
            }
            destroyQuietly(id);
        }
        refillLater(agent, 0);
        return Optional.empty();
    }

    public int readyCount(String agentId) {
        return queue(agentId).size();
    }

    private Queue<String> queue(String agentId) {
        return ready.computeIfAbsent(agentId, id -> new ConcurrentLinkedQueue<>());
    }

    private void refillLater(Agent agent, long delayMillis) {
        if (size == 0) return;
        AtomicBoolean running = refilling.computeIfAbsent(agent.id(), id -> new AtomicBoolean());
        if (!running.compareAndSet(false, true)) return;
        refills.schedule(() -> {
            try {
                while (queue(agent.id()).size() < size) {
                    String id = SessionIds.next();
                    runtime.create(new SandboxSpec(id, POOL_OWNER, agent, agent.envDefaults(), Instant.now().getEpochSecond()));
                    ahead.attachSoon(id);
                    queue(agent.id()).add(id);
                }
            } catch (SandboxException | RuntimeException e) {
                log.warn("cannot refill the warm pool of agent {}: {}", agent.id(), e.getMessage());
            } finally {
                running.set(false);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void destroyQuietly(String id) {
        ahead.drop(id);
        try {
            runtime.destroy(id);
        } catch (SandboxException e) {
            log.warn("cannot remove pooled sandbox {}: {}", id, e.getMessage());
        }
    }

    /** Stops refilling; ready sandboxes stay, to be taken back by the next start. */
    @Override
    public void close() {
        refills.shutdownNow();
    }
}
