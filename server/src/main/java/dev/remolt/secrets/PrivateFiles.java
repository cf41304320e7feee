package dev.remolt.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only the server's user may read (mode 0600), written atomically: a temp file created with
 * that mode (never a moment world-readable), fsync, rename, fsync the folder. Folders this creates
 * for them are 0700.
 */
public final class PrivateFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FOLDER =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private PrivateFiles() {}

    public static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        createFolders(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + Long.toHexString(RANDOM.nextLong()));
        try {
            try (FileChannel channel = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    OWNER_ONLY_FILE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
            dirChannel.force(true);
        }
    }

    /** Creates {@code dir} and any missing parents with mode 0700; folders that exist keep their mode. */
    public static void createFolders(Path dir) throws IOException {
        Files.createDirectories(dir, OWNER_ONLY_FOLDER);
    }

    /** Appends {@code content} to {@code file}, which is created with mode 0600 when it does not exist yet. */
    public static void append(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                OWNER_ONLY_FILE)) {
            channel.write(ByteBuffer.wrap(content));
        }
    }

    /** The random key kept in {@code file}, made (32 bytes, mode 0600) the first time. */
    public static byte[] keyFile(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length < 32) throw new IOException(file + " holds " + key.length + " bytes; a key needs 32 (delete it to make a new one)");
            return key;
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        write(file, key);
        return key;
    }
}
