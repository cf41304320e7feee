package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FlowControlTest {
    @Test
    @DisplayName("reading pauses past the high watermark and resumes once acks reach the low one")
    void pausesAndResumes() throws Exception {
        FlowControl flow = new FlowControl(true);
        flow.sent((int) FlowControl.HIGH_WATERMARK);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                flow.awaitCredit();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        flow.acked(FlowControl.HIGH_WATERMARK - FlowControl.LOW_WATERMARK - 1);
        Thread.sleep(100);
        assertThat(waiting).as("still above the low watermark").isNotDone();
        flow.acked(1);
        waiting.get(2, TimeUnit.SECONDS);
        assertThat(flow.unacked()).isEqualTo(FlowControl.LOW_WATERMARK);
    }

    @Test
    @DisplayName("without acks enabled nothing is counted and nothing blocks; over-acks clamp to zero")
    void disabledAndOverAcks() throws Exception {
        FlowControl off = new FlowControl(false);
        off.sent(10_000_000);
        off.awaitCredit();
        assertThat(off.unacked()).isZero();
        FlowControl on = new FlowControl(true);
        on.sent(100);
        on.acked(Long.MAX_VALUE);
        assertThat(on.unacked()).isZero();
    }

    @Test
    @DisplayName("closing releases a waiting reader")
    void closeReleases() throws Exception {
        FlowControl flow = new FlowControl(true);
        flow.sent((int) FlowControl.HIGH_WATERMARK * 2);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                flow.awaitCredit();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        flow.close();
        waiting.get(2, TimeUnit.SECONDS);
    }
}
