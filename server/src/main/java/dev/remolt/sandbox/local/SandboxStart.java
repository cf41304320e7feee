package dev.remolt.sandbox.local;

import dev.remolt.sandbox.SandboxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Waits for a new local sandbox to come up (its init process, then its tmux server's socket),
 * polling each millisecond, and words a start that failed with the last line the sandbox wrote.
 */
final class SandboxStart {
    private static final long START_TIMEOUT_MS = 10_000;

    private SandboxStart() {}

    /** The init process of the new pid namespace is the only child of the outer bwrap process. */
    static long awaitInit(String id, Process outer, SandboxLayout layout) throws SandboxException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            List<Long> children = HostProcesses.children(outer.pid());
            if (!children.isEmpty()) return children.getFirst();
            if (!outer.isAlive()) throw failure(id, layout, "bwrap exited with code " + outer.exitValue());
            pause();
        }
        throw failure(id, layout, "bwrap did not start its namespace within " + START_TIMEOUT_MS + " ms");
    }

    /**
     * Waits for the tmux server's socket, seen through the init process's root. Only its existence
     * is asked: nothing there is opened, so a link the sandbox puts in its place reveals nothing.
     */
    static void awaitSocket(String id, SandboxLayout layout, SandboxRecord record) throws SandboxException {
        Path socket = Path.of("/proc", Long.toString(record.initPid()), "root", SandboxLayout.socketInside(record.uid()).substring(1));
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(socket)) return;
            if (!record.alive()) throw failure(id, layout, "tmux exited at start");
            pause();
        }
        throw failure(id, layout, "tmux did not open its socket within " + START_TIMEOUT_MS + " ms");
    }

    /** The last line bubblewrap or the sandbox's first process wrote, read from the host's log file (never a link: the server made it). */
    static SandboxException failure(String id, SandboxLayout layout, String why) {
        String last = "";
        try (Stream<String> lines = Files.lines(layout.log(), StandardCharsets.UTF_8)) {
            last = lines.filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("").strip();
        } catch (IOException | UncheckedIOException e) {
            // No output to add.
        }
        if (last.length() > 300) last = last.substring(0, 300) + "…";
        return new SandboxException(id, "sandbox of session " + id + " failed to start: " + why
                + (last.isEmpty() ? "" : " (last output: " + last + ")"));
    }

    /** A millisecond between two looks at a starting or ending sandbox. */
    static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sandbox", e);
        }
    }
}
