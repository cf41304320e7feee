package dev.remolt.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Start-up self-test of bubblewrap: creates the namespaces a local sandbox needs, as the unprivileged
 * user a sandbox runs as, and when the kernel or AppArmor refuses, says which setting and how to fix it.
 * Without it a machine such as Ubuntu 24.04 (unprivileged user namespaces restricted by AppArmor)
 * starts fine and fails at the first Launch.
 */
public final class BubblewrapProbe {
    private static final Path PROC_SYS = Path.of("/proc/sys");
    private static final long TIMEOUT_SECONDS = 10;

    private final List<String> command;
    private final Path procSys;

    BubblewrapProbe(List<String> command, Path procSys) {
        this.command = command;
        this.procSys = procSys;
    }

    /** The probe a server on this machine runs: as root it drops to nobody first, as sandboxes do. */
    public static BubblewrapProbe forThisMachine() {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs", "--"));
        }
        command.addAll(List.of("bwrap", "--unshare-all", "--unshare-user", "--ro-bind", "/", "/",
                "--proc", "/proc", "--dev", "/dev", "--", "true"));
        return new BubblewrapProbe(command, PROC_SYS);
    }

    /** Empty when bubblewrap can create a sandbox here; else why not, with the fix. */
    public Optional<String> refusal() {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return Optional.of("bubblewrap cannot be started: " + e.getMessage());
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("bubblewrap's self-test did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? Optional.empty() : Optional.of(explain(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.of("bubblewrap's self-test was interrupted");
        } catch (IOException e) {
            return Optional.of("bubblewrap's self-test output cannot be read: " + e.getMessage());
        }
    }

    /** Turns bubblewrap's complaint into the kernel setting at fault and the command that fixes it. */
    String explain(String bwrapOutput) {
        String said = "bubblewrap cannot create a sandbox (it said: " + (bwrapOutput.isEmpty() ? "nothing" : bwrapOutput) + ")";
        if ("1".equals(sysctl("kernel/apparmor_restrict_unprivileged_userns"))) {
            return said + ": AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1,"
                    + " Ubuntu's default). Fix: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, and to keep it"
                    + " after a reboot: echo kernel.apparmor_restrict_unprivileged_userns=0 | sudo tee /etc/sysctl.d/60-remolt-userns.conf;"
                    + " or give /usr/bin/bwrap an AppArmor profile that allows userns; or use REMOLT_RUNTIME=docker";
        }
        if ("0".equals(sysctl("kernel/unprivileged_userns_clone"))) {
            return said + ": the kernel disallows unprivileged user namespaces (kernel.unprivileged_userns_clone=0)."
                    + " Fix: sudo sysctl -w kernel.unprivileged_userns_clone=1; or use REMOLT_RUNTIME=docker";
        }
        if ("0".equals(sysctl("user/max_user_namespaces"))) {
            return said + ": user namespaces are switched off (user.max_user_namespaces=0)."
                    + " Fix: sudo sysctl -w user.max_user_namespaces=15000; or use REMOLT_RUNTIME=docker";
        }
        return said + "; inside a container, run the server with a seccomp profile that allows unshare and mount"
                + " (or use REMOLT_RUNTIME=docker)";
    }

    private String sysctl(String name) {
        try {
            return Files.readString(procSys.resolve(name)).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
