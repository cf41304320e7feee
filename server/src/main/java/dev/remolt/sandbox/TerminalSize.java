package dev.remolt.sandbox;

/** Terminal columns and rows, clamped to what a real screen can show. */
public record TerminalSize(int cols, int rows) {
    public static final int MAX = 1000;
    public static final TerminalSize DEFAULT = new TerminalSize(80, 24);

    public TerminalSize {
        cols = clamp(cols);
        rows = clamp(rows);
    }

    private static int clamp(int value) {
        return Math.max(1, Math.min(MAX, value));
    }
}
