package dev.remolt.sandbox.local;

import dev.remolt.config.Config.LocalNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argv that starts one sandbox: bubblewrap around {@code inner}, its first process. No value of
 * the user's environment is here: it reaches the sandbox on bubblewrap's standard input.
 */
final class BwrapCommand {
    private BwrapCommand() {}

    /**
     * @param asUid the host uid to drop to before bwrap, or -1 to keep the server's own
     * @param network      the host's network namespace ({@code HOST}), or its own: empty ({@code NONE}) or
     *                     with pasta attached later ({@code USER}), whose resolver and hosts file it then sees
     * @param tools the server's tools folder (code-server), bound read-only at {@link LocalSandboxRuntime#TOOLS_INSIDE}
     */
    static List<String> build(SandboxLayout layout, String hostname, int asUid, LocalNetwork network,
                              Optional<Path> tools, List<String> inner) {
        return build(layout, hostname, asUid, network, tools, List.of(), inner);
    }

    /** @param binds more bubblewrap bind options, after the standard ones (an agent's installed tools) */
    static List<String> build(SandboxLayout layout, String hostname, int asUid, LocalNetwork network,
                              Optional<Path> tools, List<String> binds, List<String> inner) {
        List<String> argv = new ArrayList<>();
        // setsid: the sandbox leaves the server's session and process group, so it outlives a
        // server restart. --die-with-parent is left out on purpose for the same reason.
        argv.add("setsid");
        if (asUid >= 0) {
            argv.addAll(List.of("setpriv", "--reuid=" + asUid, "--regid=" + asUid, "--clear-groups", "--no-new-privs", "--"));
        }
        argv.addAll(List.of("bwrap",
                "--unshare-all", "--unshare-user",
                "--new-session", // no controlling terminal shared with the host: TIOCSTI cannot inject
                "--cap-drop", "ALL",
                // The first process is the sandbox's own, under its seccomp filter: no unfiltered
                // bubblewrap stays behind as pid 1 for sandbox code to write into.
                "--as-pid-1",
                "--hostname", hostname));
        if (network == LocalNetwork.HOST) argv.add("--share-net");
        argv.addAll(List.of(
                "--ro-bind", "/usr", "/usr",
                "--ro-bind", "/etc", "/etc",
                "--symlink", "usr/bin", "/bin",
                "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib",
                "--symlink", "usr/lib64", "/lib64",
                "--proc", "/proc",
                "--dev", "/dev",
                "--tmpfs", "/tmp",
                "--tmpfs", "/var/tmp",
                "--ro-bind", layout.etc().resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", layout.etc().resolve("group").toString(), "/etc/group",
                "--ro-bind", layout.etc().toString(), "/opt/remolt"));
        if (network == LocalNetwork.USER) {
            argv.addAll(List.of(
                    "--ro-bind", layout.etc().resolve("resolv.conf").toString(), "/etc/resolv.conf",
                    "--ro-bind", layout.etc().resolve("hosts").toString(), "/etc/hosts"));
        }
        argv.addAll(List.of(
                "--bind", layout.home().toString(), SandboxLayout.HOME_INSIDE));
        // The folder itself, not one install in it: what is installed after this sandbox started shows up too.
        tools.ifPresent(dir -> argv.addAll(List.of("--ro-bind", dir.toString(), LocalSandboxRuntime.TOOLS_INSIDE)));
        argv.addAll(binds);
        argv.addAll(List.of(
                // The root folder is the sandbox user's: read-only, so /lib and /bin cannot be
                // re-pointed at a loader of its own for the next process that enters.
                "--remount-ro", "/",
                "--chdir", SandboxLayout.HOME_INSIDE,
                "--"));
        argv.addAll(inner);
        return argv;
    }
}
