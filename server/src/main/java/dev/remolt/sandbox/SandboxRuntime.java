package dev.remolt.sandbox;

import java.util.List;

/**
 * A backend that runs sandboxes: one tmux server per session, reached through TTY attachments.
 * Each implementation lives in its own package, the only place that imports its SDK.
 */
public interface SandboxRuntime extends AutoCloseable {

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

    /** Ends every process of the sandbox and removes it. Destroying a missing sandbox is a no-op. */
    void destroy(String sessionId) throws SandboxException;

    @Override
    default void close() {}
}
