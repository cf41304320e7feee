package dev.remolt.sandbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Reads {@code /proc} to find a sandbox's processes and to tell a live pid from a reused one. */
final class HostProcesses {
    private HostProcesses() {}

    /** The start time (field 22 of {@code /proc/pid/stat}, in clock ticks), or empty when gone or a zombie. */
    static OptionalLong startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (rest[0].equals("Z") || rest[0].equals("X")) return OptionalLong.empty();
            return OptionalLong.of(Long.parseLong(rest[19]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static boolean isAlive(long pid, long startTime) {
        OptionalLong actual = startTime(pid);
        return actual.isPresent() && actual.getAsLong() == startTime;
    }

    /** Direct children of {@code pid}, from {@code /proc/pid/task/pid/children}. */
    static List<Long> children(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
            return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The real uids of every process on the host. */
    static Set<Integer> uids() {
        Set<Integer> uids = new HashSet<>();
        forEachProcess(process -> uids.add(process.uid()));
        return uids;
    }

    /** Every process whose real uid is {@code uid}. */
    static List<Long> ofUid(int uid) {
        List<Long> pids = new ArrayList<>();
        forEachProcess(process -> {
            if (process.uid() == uid) pids.add(process.pid());
        });
        return pids;
    }

    /** The threads the processes of {@code uid} run: what RLIMIT_NPROC counts. */
    static long threadsOfUid(int uid) {
        long[] threads = {0};
        forEachProcess(process -> {
            if (process.uid() == uid) threads[0] += process.threads();
        });
        return threads[0];
    }

    private record Status(long pid, int uid, int threads) {}

    /**
     * Reads the real uid from {@code status}: the owner of {@code /proc/pid} is not it for a
     * process that made itself undumpable, as each process entering a sandbox does.
     */
    private static void forEachProcess(Consumer<Status> action) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    int uid = -1;
                    int threads = 1;
                    for (String line : Files.readAllLines(dir.resolve("status"))) {
                        if (line.startsWith("Uid:")) uid = Integer.parseInt(line.split("\\s+")[1]);
                        if (line.startsWith("Threads:")) threads = Integer.parseInt(line.split("\\s+")[1]);
                    }
                    action.accept(new Status(Long.parseLong(dir.getFileName().toString()), uid, threads));
                } catch (IOException e) {
                    // Exited while we looked.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
    }

    /** Sends SIGKILL to a whole process group: a command and everything it started. */
    static void killGroup(long processGroup) {
        try {
            Process kill = new ProcessBuilder("/bin/kill", "-KILL", "--", "-" + processGroup)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
