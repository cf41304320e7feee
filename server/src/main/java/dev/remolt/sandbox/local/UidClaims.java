package dev.remolt.sandbox.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which sandbox uids are taken, host-wide: one claim file per uid under a folder every server on
 * this host shares, handed out under a file lock, so two servers never give out one uid. A uid is
 * claimed again only when no process of it runs and its claim is released, or belongs to a
 * sandbox folder that no longer exists (a server that died without cleaning up).
 */
final class UidClaims {
    private static final Logger log = LoggerFactory.getLogger(UidClaims.class);
    static final Path DEFAULT_FOLDER = Path.of("/var/lib/remolt/uids");
    /** A range no login user has: sandboxes never share file ownership with anyone. */
    static final int FIRST_UID = 200_000;
    static final int COUNT = 65_536;

    private final Path folder;

    UidClaims(Path folder) throws IOException {
        this.folder = folder;
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }

    /** Claims a free uid for the sandbox whose folder is {@code sandboxRoot}. */
    int claim(Path sandboxRoot) throws IOException {
        // A file lock excludes other processes only: threads of this one take turns first.
        synchronized (UidClaims.class) {
            return claimLocked(sandboxRoot);
        }
    }

    private int claimLocked(Path sandboxRoot) throws IOException {
        try (FileChannel lockFile = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            Set<Integer> running = HostProcesses.uids();
            for (int uid = FIRST_UID; uid < FIRST_UID + COUNT; uid++) {
                if (running.contains(uid)) continue;
                Path claim = folder.resolve(Integer.toString(uid));
                if (Files.exists(claim) && !stale(claim)) continue;
                Files.writeString(claim, sandboxRoot.toString(), StandardCharsets.UTF_8);
                return uid;
            }
        }
        throw new IOException("all " + COUNT + " sandbox uids are in use");
    }

    /** Gives the uid back; call once no process of it is left. */
    void release(int uid, Path sandboxRoot) {
        Path claim = folder.resolve(Integer.toString(uid));
        try {
            if (Files.exists(claim) && Files.readString(claim).equals(sandboxRoot.toString())) Files.delete(claim);
        } catch (IOException e) {
            log.warn("cannot release sandbox uid {}: {}", uid, e.getMessage());
        }
    }

    /** How many uids are claimed right now (for tests and the log). */
    long claimed() throws IOException {
        try (Stream<Path> claims = Files.list(folder)) {
            return claims.filter(path -> !path.getFileName().toString().startsWith(".")).count();
        }
    }

    private static boolean stale(Path claim) throws IOException {
        return !Files.isDirectory(Path.of(Files.readString(claim, StandardCharsets.UTF_8)));
    }
}
