package dev.remolt.apps;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of app links already redeemed, each kept until its link would have expired anyway, so
 * a one-minute link opens its app once, for whoever uses it first. Only genuine links (signed,
 * so issued to a signed-in user) are ever remembered, and never more than {@link #MAX} at once.
 */
public final class UsedLinks {
    static final int MAX = 100_000;

    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    /** True the first time a link id is redeemed; false for a replay, or while the store is full of live links. */
    public synchronized boolean redeem(String id, Instant expires, Instant now) {
        // Links live a minute: pruning only past a small size keeps the common case cheap.
        if (used.size() >= 1024) used.values().removeIf(end -> end.isBefore(now));
        if (used.size() >= MAX) return false;
        return used.putIfAbsent(id, expires) == null;
    }
}
