package dev.remolt.sandbox.local;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.StreamingExec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A streamed command inside a local sandbox. tmux's {@code run-shell -b} starts it inside, wired
 * to two FIFOs in the sandbox's tmux folder; on the host, a {@code cat} running as the sandbox's
 * uid feeds one and drains the other. The host never opens a path the sandbox can swap for a
 * symbolic link: only processes with the sandbox's own rights touch that folder.
 */
final class FifoExec implements StreamingExec {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_STDERR = 8 * 1024;

    private final Path tmuxDir;
    private final String name;
    private final Process writer;
    private final Process reader;

    private FifoExec(Path tmuxDir, String name, Process writer, Process reader) {
        this.tmuxDir = tmuxDir;
        this.name = name;
        this.writer = writer;
        this.reader = reader;
    }

    static FifoExec start(String sessionId, TmuxClient tmux, Path tmuxDir, String tmuxDirInside, List<String> asSandboxUser,
                          List<String> command) throws SandboxException {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String name = "x-" + HexFormat.of().formatHex(random);
        String in = tmuxDirInside + "/" + name + ".in";
        String out = tmuxDirInside + "/" + name + ".out";
        try {
            run(asSandboxUser, List.of("mkfifo", "-m", "600", tmuxDir.resolve(name + ".in").toString(),
                    tmuxDir.resolve(name + ".out").toString()));
            String script = "cd ~/workspace 2>/dev/null || cd; " + ShellQuoting.join(command)
                    + " < " + in + " > " + out + " 2> " + tmuxDirInside + "/" + name + ".err; echo $? > "
                    + tmuxDirInside + "/" + name + ".status";
            run(List.of(), tmux.command(List.of("run-shell", "-b", script.replace("#", "##"))));
            Process writer = hostSide(asSandboxUser, "cat > \"$0\"", tmuxDir.resolve(name + ".in"));
            Process reader = hostSide(asSandboxUser, "cat < \"$0\"", tmuxDir.resolve(name + ".out"));
            return new FifoExec(tmuxDir, name, writer, reader);
        } catch (IOException e) {
            throw new SandboxException(sessionId, "cannot start a command in session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    private static Process hostSide(List<String> asSandboxUser, String script, Path fifo) throws IOException {
        List<String> argv = new ArrayList<>(asSandboxUser);
        argv.addAll(List.of("sh", "-c", script, fifo.toString()));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(TmuxClient.ENV);
        return builder.start();
    }

    private static void run(List<String> prefix, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(TmuxClient.ENV);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                String tool = argv.getFirst().equals("setpriv") ? argv.get(argv.indexOf("--") + 1) : argv.getFirst();
                throw new IOException(tool + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public OutputStream stdin() {
        return writer.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return reader.getInputStream();
    }

    @Override
    public int waitFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path status = tmuxDir.resolve(name + ".status");
        while (System.nanoTime() < deadline) {
            try {
                // Written by the shell inside as its last act; read only, never followed for writing.
                String text = Files.isRegularFile(status) ? Files.readString(status).strip() : "";
                if (!text.isEmpty()) return Integer.parseInt(text);
            } catch (IOException | NumberFormatException e) {
                // Not complete yet.
            }
            Thread.sleep(5);
        }
        return -1;
    }

    @Override
    public String stderr() {
        try {
            byte[] bytes = Files.readAllBytes(tmuxDir.resolve(name + ".err"));
            return new String(bytes, 0, Math.min(bytes.length, MAX_STDERR), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        writer.destroyForcibly();
        reader.destroyForcibly();
        for (String suffix : List.of(".in", ".out", ".err", ".status")) {
            try {
                Files.deleteIfExists(tmuxDir.resolve(name + suffix));
            } catch (IOException e) {
                // Left for the sandbox's removal.
            }
        }
    }
}
