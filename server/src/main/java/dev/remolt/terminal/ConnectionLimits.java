package dev.remolt.terminal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user bounds on sockets: how many may be open at once, and how fast new ones may
 * come (a token bucket: a burst, then a steady rate). A reconnect storm from one user then costs
 * the server a bounded amount, and other users nothing.
 */
final class ConnectionLimits {
    private final int maxOpen;
    private final double burst;
    private final double perSecond;
    private final Map<String, User> users = new ConcurrentHashMap<>();

    private static final class User {
        int open;
        double tokens;
        long refilledAt = System.nanoTime();

        User(double burst) {
            tokens = burst;
        }
    }

    ConnectionLimits(int maxOpen, double burst, double perSecond) {
        this.maxOpen = maxOpen;
        this.burst = burst;
        this.perSecond = perSecond;
    }

    /** Takes a place for a new socket of {@code user}; null when allowed, otherwise why not. */
    String acquire(String user) {
        User state = users.computeIfAbsent(user, u -> new User(burst));
        synchronized (state) {
            long now = System.nanoTime();
            state.tokens = Math.min(burst, state.tokens + (now - state.refilledAt) / 1e9 * perSecond);
            state.refilledAt = now;
            if (state.open >= maxOpen) return "you already have " + maxOpen + " connections open";
            if (state.tokens < 1) return "too many connections in a short time; wait a moment";
            state.tokens -= 1;
            state.open++;
            return null;
        }
    }

    void release(String user) {
        User state = users.get(user);
        if (state == null) return;
        synchronized (state) {
            state.open = Math.max(0, state.open - 1);
        }
    }

    int open(String user) {
        User state = users.get(user);
        if (state == null) return 0;
        synchronized (state) {
            return state.open;
        }
    }
}
