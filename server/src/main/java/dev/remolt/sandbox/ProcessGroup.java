package dev.remolt.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a streamed exec ends with everything it started. Closing an exec's stream does not stop the
 * command (docker and the kubelet leave it running), and killing a wrapper such as {@code sh -c}
 * leaves its children (a {@code cat}, a {@code tail -F}) behind. Both runtimes start every exec as
 * the leader of its own session and process group (runc does), so the command, run through
 * {@link #wrap}, first prints its pid, which is its group's id; closing then kills that whole group
 * with {@link #kill}, inside the sandbox, as the sandbox's user.
 */
public final class ProcessGroup {
    private static final int MAX_ID_LINE = 12;

    private ProcessGroup() {}

    /** {@code command}, started after a first line holding its process group id ({@code exec} keeps the pid). */
    public static List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo $$; exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Reads the id line {@link #wrap} prints first; 0 when the command ended or printed something else. */
    public static int readId(InputStream stdout) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = stdout.read()) != '\n'; ) {
            if (b < '0' || b > '9' || line.length() >= MAX_ID_LINE) return 0;
            line.append((char) b);
        }
        return line.isEmpty() ? 0 : Integer.parseInt(line.toString());
    }

    /** The command that ends every process of group {@code id}; never a group below 2, which would not be ours. */
    public static List<String> kill(int id) {
        if (id < 2) throw new IllegalArgumentException("not a process group of an exec: " + id);
        return List.of("kill", "-KILL", "--", "-" + id);
    }
}
