package dev.remolt.sandbox.docker;

import dev.remolt.sandbox.TerminalChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a terminal on its own thread, as the server does, and waits (with a timeout) for text. */
final class TerminalReader {
    private final StringBuffer output = new StringBuffer();
    private volatile boolean ended;

    TerminalReader(TerminalChannel channel) {
        Thread.ofPlatform().daemon().name("test-terminal-reader").start(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = channel.read(buffer)) != -1) output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("[read failed: ").append(e.getMessage()).append(']');
            }
            ended = true;
        });
    }

    void await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (output.indexOf(text) >= 0) return;
            Thread.sleep(20);
        }
        String seen = output.toString();
        throw new AssertionError("no \"" + text + "\" within 15 s; last output: "
                + seen.substring(Math.max(0, seen.length() - 600)).replaceAll("\\p{Cntrl}", "."));
    }

    String seen() {
        return output.toString();
    }

    /** Whether read() returned -1, waiting up to 5 s for it. */
    boolean ended() throws InterruptedException {
        for (int i = 0; i < 250 && !ended; i++) Thread.sleep(20);
        return ended;
    }
}
