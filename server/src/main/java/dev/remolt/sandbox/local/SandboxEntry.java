package dev.remolt.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The argv prefixes that put a process into a local sandbox. Every process the server starts for a
 * sandbox after it exists enters it the way {@code docker exec} enters a container: its namespaces,
 * its uid, its cgroups, no capabilities, no new privileges and its seccomp filter, all set up by
 * {@code sandbox-entry.pl} before the command runs. Nothing a sandbox makes such a process do (a
 * tmux client told to run a shell, say) can happen on the host.
 *
 * <p>The script is Perl because Perl is on every Debian and Ubuntu system ({@code perl-base} is
 * essential) and can make the raw system calls this needs; it goes on the command line, so no file
 * a sandbox could replace is ever run.
 */
final class SandboxEntry {
    /** What every host-side process of a sandbox starts with, and nothing else. */
    static final Map<String, String> ENV = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8", "TERM", "xterm-256color",
            "HOME", SandboxLayout.HOME_INSIDE, "USER", "dev", "LOGNAME", "dev", "SHELL", "/bin/bash");

    /** Where the host and every sandbox (which sees the host's read-only /usr) have Perl. */
    static final String PERL = "/usr/bin/perl";
    private static final String SCRIPT = script();

    private final SandboxCgroups cgroups;

    SandboxEntry(SandboxCgroups cgroups) {
        this.cgroups = cgroups;
    }

    /** Runs on the host before bubblewrap: joins the sandbox's cgroups, applies its fallback limits. */
    List<String> start(String sessionId, FallbackLimits limits, List<String> command) {
        return withCommand(List.of(PERL, "-e", SCRIPT, "start", procs(sessionId), Long.toString(limits.processes()),
                Long.toString(limits.dataBytes())), command);
    }

    /**
     * The sandbox's first process inside bubblewrap: no new privileges, the seccomp filter, then
     * the session's environment from standard input ({@link SandboxEnvironment#pairs}), kept in its
     * own /tmp for the processes that enter later, and {@code command} with it.
     */
    static List<String> confine(List<String> command) {
        return withCommand(List.of(PERL, "-e", SCRIPT, "confine", SeccompFilter.hex()), command);
    }

    /**
     * A new process inside a running sandbox. It leads a session of its own (unless it leads one
     * already, under a pty), so ending its process group ends it and everything it started.
     */
    List<String> enter(String sessionId, SandboxRecord record, String workdir, List<String> command) {
        return withCommand(List.of(PERL, "-e", SCRIPT, "enter", Long.toString(record.initPid()),
                Integer.toString(record.uid()), workdir, procs(sessionId), Long.toString(record.limits().processes()),
                Long.toString(record.limits().dataBytes()), SeccompFilter.hex()), command);
    }

    private String procs(String sessionId) {
        return cgroups.procsFiles(sessionId).stream().map(Path::toString).collect(Collectors.joining(","));
    }

    private static List<String> withCommand(List<String> prefix, List<String> command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        return argv;
    }

    private static String script() {
        try (InputStream in = SandboxEntry.class.getResourceAsStream("sandbox-entry.pl")) {
            if (in == null) throw new IllegalStateException("missing resource sandbox-entry.pl");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
