package dev.remolt.files;

import java.time.Duration;

/** Caps on one upload: entries, expanded bytes, expansion ratio and wall time. */
public record ArchiveLimits(int maxEntries, long maxBytes, long maxRatio, Duration maxTime) {
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(20_000, 1024L * 1024 * 1024, 200, Duration.ofMinutes(5));
}
