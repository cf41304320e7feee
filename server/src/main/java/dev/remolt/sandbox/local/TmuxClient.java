package dev.remolt.sandbox.local;

import dev.remolt.sandbox.TmuxCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Host-side tmux client commands for one sandbox's socket, run as the sandbox's uid (tmux refuses
 * clients of another uid) and with a clean environment, so no host variable leaks into a session.
 */
final class TmuxClient {
    /** The environment every host-side client gets, and nothing else. */
    static final Map<String, String> ENV = Map.of(
            "TERM", "xterm-256color", "LANG", "C.UTF-8", "PATH", "/usr/local/bin:/usr/bin:/bin");

    private final String socket;
    private final int uid;
    private final boolean dropPrivileges;

    TmuxClient(String socket, int uid, boolean dropPrivileges) {
        this.socket = socket;
        this.uid = uid;
        this.dropPrivileges = dropPrivileges;
    }

    List<String> attach(int window) {
        return command(TmuxCommands.attach(window, SandboxLayout.WORKSPACE_INSIDE));
    }

    List<String> command(List<String> tmuxArgs) {
        List<String> argv = new ArrayList<>();
        if (dropPrivileges) {
            argv.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs", "--"));
        }
        argv.addAll(List.of("tmux", "-u", "-S", socket));
        argv.addAll(tmuxArgs);
        return argv;
    }
}
