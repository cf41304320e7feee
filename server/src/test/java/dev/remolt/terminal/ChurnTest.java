package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.TerminalClient;
import dev.remolt.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many attach and detach cycles leave no thread, file descriptor or tmux client behind. */
@Timeout(300)
class ChurnTest {
    private static final int CYCLES = 1000;

    @Test
    @DisplayName("1,000 connect and disconnect cycles return threads, descriptors and tmux clients to their baseline")
    void churnLeavesNothingBehind() throws Exception {
        try (TestServer server = TestServer.start()) {
            String id = server.createShell();
            try (TerminalClient warmup = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                warmup.awaitOutput("$ ", Duration.ofSeconds(10));
            }
            settle(server, id);
            int threads = threads();
            long fds = fileDescriptors();

            for (int i = 0; i < CYCLES; i++) {
                try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                    terminal.awaitOutput(out -> !out.isEmpty(), "first output", Duration.ofSeconds(10));
                    if (i % 100 == 0) terminal.resize(100 + i % 50, 30);
                }
            }

            settle(server, id);
            assertThat(tmuxClients(server, id)).isZero();
            // Closed sockets and pump threads wind down asynchronously: allow them a bounded while.
            awaitAtMost(() -> threads(), threads + 5, "threads");
            awaitAtMost(ChurnTest::fileDescriptors, fds + 10, "file descriptors");
            try (TerminalClient terminal = TerminalClient.connect(server.ws("/ws/terminal/" + id))) {
                terminal.awaitOutput("$ ", Duration.ofSeconds(10));
                terminal.type("echo after-ch''urn\r");
                terminal.awaitOutput("after-churn", Duration.ofSeconds(10));
            }
        }
    }

    interface Count {
        long get() throws Exception;
    }

    private static void awaitAtMost(Count count, long limit, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long value = count.get();
        while (value > limit && System.nanoTime() < deadline) {
            Thread.sleep(250);
            value = count.get();
        }
        assertThat(value).as(what + " after the churn").isLessThanOrEqualTo(limit);
    }

    /** Waits (bounded) for detached tmux clients and closed sockets to wind down. */
    private static void settle(TestServer server, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (tmuxClients(server, id) > 0 && System.nanoTime() < deadline) Thread.sleep(100);
        Thread.sleep(500);
    }

    private static int tmuxClients(TestServer server, String id) throws Exception {
        String out = server.server().runtime().tmux(id, List.of("list-clients", "-F", "#{client_pid}"));
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long fileDescriptors() throws Exception {
        System.gc();
        Thread.sleep(200);
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
