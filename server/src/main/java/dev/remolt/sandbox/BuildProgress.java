package dev.remolt.sandbox;

import java.util.Optional;

/**
 * The step an image build is at, for the page to show while a launch waits on it. Lines come from
 * the runtime's build; a step older than a minute is stale (the build finished or stalled).
 */
public final class BuildProgress {
    private static final long FRESH_MILLIS = 60_000;
    private String step;
    private long at;

    public synchronized void report(String line) {
        step = line;
        at = System.currentTimeMillis();
    }

    public synchronized Optional<String> current() {
        if (step == null || System.currentTimeMillis() - at > FRESH_MILLIS || step.contains(": built in ")) return Optional.empty();
        return Optional.of(step);
    }
}
