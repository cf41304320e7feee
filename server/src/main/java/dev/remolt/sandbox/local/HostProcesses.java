package dev.remolt.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

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
}
