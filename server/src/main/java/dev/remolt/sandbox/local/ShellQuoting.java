package dev.remolt.sandbox.local;

import java.util.List;
import java.util.stream.Collectors;

/** Joins an argv into one POSIX shell command line, each word single-quoted. */
final class ShellQuoting {
    private ShellQuoting() {}

    static String join(List<String> argv) {
        return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
