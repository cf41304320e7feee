package dev.remolt.sandbox.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Deletes a sandbox's folder once nothing of the sandbox runs. coreutils' {@code chmod -R} (users
 * may {@code chmod 000} their own folders) and {@code rm -rf} walk the tree relative to each open
 * folder: any depth (a path past PATH_MAX included) and never through a symbolic link, which a
 * sandbox may plant pointing at host files.
 */
final class TreeRemover {
    private TreeRemover() {}

    static void remove(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        run(List.of("/bin/chmod", "-R", "u+rwX", "--", root.toString()));
        run(List.of("/bin/rm", "-rf", "--one-file-system", "--", root.toString()));
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) throw new IOException(root + " is still there after rm -rf");
    }

    private static void run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(SandboxEntry.ENV);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(command.getFirst() + " took longer than 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        // chmod complains about links it does not follow; only rm's verdict (checked above) matters.
        if (process.exitValue() != 0 && command.getFirst().endsWith("rm")) throw new IOException(output);
    }
}
