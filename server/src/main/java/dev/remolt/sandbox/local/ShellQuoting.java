package dev.remolt.sandbox.local;

/** Quotes a word for a POSIX shell: single quotes, with each quote inside closed, escaped and reopened. */
final class ShellQuoting {
    private ShellQuoting() {}

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
