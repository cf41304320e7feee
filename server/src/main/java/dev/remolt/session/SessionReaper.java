package dev.remolt.session;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends sessions that went idle (no terminal input or output for {@code maxIdleSeconds}), and
 * notices within seconds a sandbox that died or was removed behind the server's back.
 */
public final class SessionReaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionReaper.class);
    static final long LIVENESS_PERIOD_MS = 2_000;

    private final SessionManager manager;
    private final long maxIdleMillis;
    private final long warningMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("session-reaper").factory());

    public SessionReaper(SessionManager manager, int maxIdleSeconds, int cleanupIntervalSeconds) {
        this.manager = manager;
        this.maxIdleMillis = maxIdleSeconds * 1000L;
        // Warn a tenth of the timeout ahead, at most five minutes and at least one sweep ahead.
        this.warningMillis = Math.max(cleanupIntervalSeconds * 1000L, Math.min(300_000L, maxIdleMillis / 10));
        timer.scheduleWithFixedDelay(this::endIdle, cleanupIntervalSeconds, cleanupIntervalSeconds, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::endDead, LIVENESS_PERIOD_MS, LIVENESS_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    void endIdle() {
        long now = System.currentTimeMillis();
        for (Session session : manager.all()) {
            if (session.state() != SessionState.RUNNING) continue;
            long idle = now - session.lastActivityMillis();
            if (idle > maxIdleMillis) {
                log.info("session {} idle for more than {} s: ending it", session.id(), maxIdleMillis / 1000);
                manager.end(session.id(), "idle");
            } else if (idle > maxIdleMillis - warningMillis && session.markIdleWarned()) {
                manager.warnIdle(session, (maxIdleMillis - idle + 999) / 1000);
            }
        }
    }

    void endDead() {
        try {
            for (Session session : manager.all()) {
                if (session.state() == SessionState.RUNNING && !manager.runtime().isAlive(session.id())) {
                    log.warn("the sandbox of session {} is gone", session.id());
                    manager.end(session.id(), "sandbox_gone");
                }
            }
        } catch (RuntimeException e) {
            log.error("liveness sweep failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
