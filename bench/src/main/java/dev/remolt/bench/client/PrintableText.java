package dev.remolt.bench.client;

import java.util.function.IntConsumer;

/**
 * The printable ASCII of a terminal output stream, with escape sequences (CSI, OSC, DCS and the
 * two- and three-byte ones), control bytes and UTF-8 dropped. Keeps its state between chunks,
 * since tmux may split a sequence across frames.
 */
public final class PrintableText {
    private static final int ESC = 0x1b;
    private static final int BEL = 0x07;

    private enum State { TEXT, ESCAPE, INTERMEDIATE, CSI, STRING, STRING_ESCAPE }

    private State state = State.TEXT;

    public void feed(byte[] data, int offset, int length, IntConsumer printable) {
        for (int i = offset; i < offset + length; i++) {
            int b = data[i] & 0xff;
            state = switch (state) {
                case TEXT -> {
                    if (b == ESC) yield State.ESCAPE;
                    if (b >= 0x20 && b < 0x7f) printable.accept(b);
                    yield State.TEXT;
                }
                case ESCAPE -> switch (b) {
                    case '[' -> State.CSI;
                    case ']', 'P', '_', '^', 'X' -> State.STRING;
                    default -> b >= 0x20 && b <= 0x2f ? State.INTERMEDIATE : State.TEXT;
                };
                case INTERMEDIATE -> b >= 0x30 && b <= 0x7e ? State.TEXT : State.INTERMEDIATE;
                case CSI -> b >= 0x40 && b <= 0x7e ? State.TEXT : State.CSI;
                case STRING -> b == BEL ? State.TEXT : b == ESC ? State.STRING_ESCAPE : State.STRING;
                case STRING_ESCAPE -> b == '\\' ? State.TEXT : State.STRING;
            };
        }
    }
}
