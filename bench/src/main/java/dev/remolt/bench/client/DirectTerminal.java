package dev.remolt.bench.client;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import java.io.IOException;

/**
 * PERF.md's "direct" baseline: a host tmux client under a pty from the runtime's own attach, with
 * no web layer, read by one thread the way the server's pump reads it.
 */
public final class DirectTerminal implements Terminal {
    private final TerminalChannel channel;
    private final Thread reader;

    private DirectTerminal(TerminalChannel channel, OutputSink sink) {
        this.channel = channel;
        this.reader = Thread.ofPlatform().name("direct-reader").daemon().unstarted(() -> pump(sink));
    }

    public static DirectTerminal attach(SandboxRuntime runtime, String sessionId, TerminalSize size, OutputSink sink)
            throws SandboxException {
        DirectTerminal terminal = new DirectTerminal(runtime.attach(sessionId, 0, size), sink);
        terminal.reader.start();
        return terminal;
    }

    private void pump(OutputSink sink) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int count;
            while ((count = channel.read(buffer)) >= 0) {
                if (count > 0) sink.received(buffer, 0, count, System.nanoTime());
            }
        } catch (IOException e) {
            // The client ended: closed by us, or the session went away.
        }
    }

    @Override
    public void type(byte[] keys) throws IOException {
        channel.write(keys, 0, keys.length);
    }

    @Override
    public void close() {
        channel.close();
    }
}
