package dev.remolt.sandbox;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A backend that runs sandboxes: one tmux server per session, reached through TTY attachments.
 * Each implementation lives in its own package, the only place that imports its SDK.
 */
public interface SandboxRuntime extends AutoCloseable {
    /** How many earlier lines {@link #followLogs} starts with. */
    int LOG_TAIL_LINES = 200;

    /** {@code local}, {@code docker} or {@code kubernetes}: what {@code /health} reports. */
    String name();

    /**
     * Creates and starts a labelled sandbox whose tmux session {@code main} is ready to attach.
     * Secrets in {@code spec.env()} go in as environment at creation, never on a command line.
     */
    void create(SandboxSpec spec) throws SandboxException;

    /** Attaches a new tmux client to the session's window {@code window} (0 is the first). */
    TerminalChannel attach(String sessionId, int window, TerminalSize size) throws SandboxException;

    /** Every sandbox this runtime manages, alive or not, as found by its labels. */
    List<SandboxInfo> list() throws SandboxException;

    /** Whether the sandbox and its tmux server are still running. */
    boolean isAlive(String sessionId);

    /** Runs a command inside the sandbox as its user, without a TTY, and waits for it. */
    ExecResult exec(String sessionId, List<String> command) throws SandboxException;

    /**
     * Runs one tmux command against the sandbox's tmux server and returns what it printed. The
     * default goes through {@link #exec}; runtimes with a faster way in override it.
     */
    default String tmux(String sessionId, List<String> args) throws SandboxException {
        List<String> command = new java.util.ArrayList<>(List.of("tmux"));
        command.addAll(args);
        ExecResult result = exec(sessionId, command);
        if (result.exitCode() != 0) {
            throw new SandboxException(sessionId, "tmux " + args.getFirst() + " failed in session " + sessionId
                    + ": " + result.output().strip());
        }
        return result.output();
    }

    /**
     * Starts {@code command} inside the sandbox as its user, in its workspace folder, with standard
     * input and output streamed; nothing of it appears on a command line outside the sandbox.
     */
    StreamingExec execStreaming(String sessionId, List<String> command) throws SandboxException;

    /**
     * A byte stream to {@code port} on the sandbox's own loopback, for the proxy: bash's
     * {@code /dev/tcp} inside the sandbox, so the server never needs a route to the sandbox's
     * address. The connection fails at once (exit code 7) when nothing listens, and the command
     * ends when the app closes the connection, whether or not input was closed (the explicit
     * {@code <&0} keeps the background copy reading our input rather than /dev/null).
     */
    default StreamingExec openPort(String sessionId, int port) throws SandboxException {
        return execStreaming(sessionId, List.of("bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/" + port + " || exit 7; cat <&0 >&3 & cat <&3; kill $! 2>/dev/null"));
    }

    /**
     * The agent's logs (its setup output and whatever it logs), the last {@value #LOG_TAIL_LINES}
     * lines and then new lines as they come, until the stream is closed; closing it from another
     * thread ends a blocked read. The default follows every file in {@code ~/.remolt/logs} with
     * {@code tail -F} inside the sandbox; runtimes with a log service of their own override it.
     */
    default InputStream followLogs(String sessionId) throws SandboxException {
        StreamingExec tail = execStreaming(sessionId, List.of("sh", "-c", "mkdir -p ~/.remolt/logs"
                + " && touch ~/.remolt/logs/setup.log && exec tail -n " + LOG_TAIL_LINES + " -F ~/.remolt/logs/*.log 2>&1"));
        try {
            tail.stdin().close();
        } catch (IOException e) {
            tail.close();
            throw new SandboxException(sessionId, "cannot follow the logs of session " + sessionId + ": " + e.getMessage(), e);
        }
        return new FilterInputStream(tail.stdout()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    tail.close();
                }
            }
        };
    }

    /** Ends every process of the sandbox and removes it. Destroying a missing sandbox is a no-op. */
    void destroy(String sessionId) throws SandboxException;

    @Override
    default void close() {}
}
