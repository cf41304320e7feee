package dev.remolt.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.sandbox.TerminalSize;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControlFrameTest {
    @Test
    @DisplayName("resize and ack frames parse; sizes clamp to 1..1000")
    void framesParse() {
        assertThat(ControlFrame.parse("{\"type\":\"resize\",\"cols\":120,\"rows\":30}"))
                .isEqualTo(new ControlFrame.Resize(new TerminalSize(120, 30)));
        assertThat(ControlFrame.parse("{\"type\":\"resize\",\"cols\":0,\"rows\":65536}"))
                .isEqualTo(new ControlFrame.Resize(new TerminalSize(1, 1000)));
        assertThat(ControlFrame.parse("{\"type\":\"resize\",\"cols\":-1,\"rows\":2147483648}"))
                .isEqualTo(new ControlFrame.Resize(new TerminalSize(1, 1000)));
        assertThat(ControlFrame.parse("{\"type\":\"ack\",\"bytes\":4096}")).isEqualTo(new ControlFrame.Ack(4096));
    }

    @Test
    @DisplayName("malformed, unknown and out-of-type frames are ignored, never thrown")
    void badFramesAreIgnored() {
        for (String text : new String[] {"", "x", "[]", "null", "{\"type\":\"resize\",\"cols\":\"80\",\"rows\":24}",
                "{\"type\":\"resize\",\"cols\":1e309,\"rows\":24}", "{\"type\":\"resize\",\"cols\":80.5,\"rows\":24}",
                "{\"type\":\"ack\",\"bytes\":-1}", "{\"type\":\"ack\"}", "{\"type\":\"nope\"}", "[".repeat(5000)}) {
            assertThat(ControlFrame.parse(text)).as(text).isInstanceOf(ControlFrame.Ignored.class);
        }
    }
}
