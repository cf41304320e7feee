package dev.remolt.sandbox.local;

import dev.remolt.sandbox.ResourceLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One cgroup per local sandbox, holding every process of it (its init and each process that
 * enters it later), with the agent's memory, CPU and process limits. cgroup v2 where the server can
 * write the unified hierarchy, else the v1 hierarchies for memory, pids, cpu and freezer where they
 * are mounted writable; otherwise limits are off, and {@link #offReason()} says why.
 */
final class SandboxCgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final String GROUP = "remolt";
    private static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu", "freezer");
    private static final long CPU_PERIOD_US = 100_000;

    private enum Kind { V2, V1, OFF }

    private final Kind kind;
    private final String offReason;

    private SandboxCgroups(Kind kind, String offReason) {
        this.kind = kind;
        this.offReason = offReason;
    }

    static SandboxCgroups detect() {
        if (Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
            return Files.isWritable(ROOT.resolve("cgroup.subtree_control")) ? new SandboxCgroups(Kind.V2, null)
                    : off("the cgroup v2 hierarchy at " + ROOT + " is not writable by the server");
        }
        for (String controller : V1_CONTROLLERS) {
            Path hierarchy = ROOT.resolve(controller);
            if (!Files.isDirectory(hierarchy)) return off("the cgroup v1 " + controller + " hierarchy is not mounted");
            if (!Files.isWritable(hierarchy)) return off("the cgroup v1 " + controller + " hierarchy is not writable by the server");
        }
        return new SandboxCgroups(Kind.V1, null);
    }

    private static SandboxCgroups off(String why) {
        return new SandboxCgroups(Kind.OFF, why);
    }

    /** Why limits are off, or empty when they apply. */
    Optional<String> offReason() {
        return Optional.ofNullable(offReason);
    }

    /** Makes the sandbox's cgroups and writes its limits. */
    void create(String sessionId, ResourceLimits limits) throws IOException {
        switch (kind) {
            case OFF -> { }
            case V2 -> {
                Path parent = ROOT.resolve(GROUP);
                Files.createDirectories(parent);
                // Controllers pass down one level at a time: enable them for remolt/, then inside it.
                Files.writeString(ROOT.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
                Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
                Path group = Files.createDirectories(parent.resolve(sessionId));
                Files.writeString(group.resolve("memory.max"), Long.toString(limits.memoryBytes()));
                Files.writeString(group.resolve("memory.swap.max"), "0");
                Files.writeString(group.resolve("pids.max"), Long.toString(limits.pids()));
                Files.writeString(group.resolve("cpu.max"), quota(limits.cpus()) + " " + CPU_PERIOD_US);
            }
            case V1 -> {
                for (Path group : groups(sessionId)) Files.createDirectories(group);
                Path memory = v1(sessionId, "memory");
                Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
                Path swap = memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(swap)) Files.writeString(swap, Long.toString(limits.memoryBytes()));
                Files.writeString(v1(sessionId, "pids").resolve("pids.max"), Long.toString(limits.pids()));
                Path cpu = v1(sessionId, "cpu");
                Files.writeString(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
                Files.writeString(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota(limits.cpus())));
            }
        }
    }

    /** The files a process writes its pid to, to join the sandbox's cgroups; empty when limits are off. */
    List<Path> procsFiles(String sessionId) {
        return groups(sessionId).stream().map(group -> group.resolve("cgroup.procs")).toList();
    }

    /** Removes the sandbox's cgroups; call once no process of it is left. */
    void remove(String sessionId) throws IOException {
        for (Path group : groups(sessionId)) Files.deleteIfExists(group);
    }

    private List<Path> groups(String sessionId) {
        return switch (kind) {
            case OFF -> List.of();
            case V2 -> List.of(ROOT.resolve(GROUP).resolve(sessionId));
            case V1 -> {
                List<Path> groups = new ArrayList<>();
                for (String controller : V1_CONTROLLERS) groups.add(v1(sessionId, controller));
                yield groups;
            }
        };
    }

    private static Path v1(String sessionId, String controller) {
        return ROOT.resolve(controller).resolve(GROUP).resolve(sessionId);
    }

    private static long quota(BigDecimal cpus) {
        return Math.max(1_000, cpus.multiply(BigDecimal.valueOf(CPU_PERIOD_US)).longValue());
    }
}
