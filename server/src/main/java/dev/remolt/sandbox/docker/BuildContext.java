package dev.remolt.sandbox.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image build context: the files of {@code container/} plus the extra CA bundle as
 * {@code certs/extra-ca.crt}, held in memory as a tar, with a hash of exactly what it holds.
 * Entries carry fixed times and owners, so the same files always give the same hash. Markdown
 * files are left out: editing the docs must not rebuild every image.
 */
final class BuildContext {
    static final String EXTRA_CA_ENTRY = "certs/extra-ca.crt";

    private final byte[] tar;
    private final String hash;

    private BuildContext(byte[] tar, String hash) {
        this.tar = tar;
        this.hash = hash;
    }

    static BuildContext of(Path dir, Optional<Path> extraCaCerts) throws IOException {
        if (!Files.isRegularFile(dir.resolve("Dockerfile.base")) || !Files.isRegularFile(dir.resolve("Dockerfile.agent"))) {
            throw new IOException("no Dockerfile.base and Dockerfile.agent in " + dir.toAbsolutePath()
                    + " (set REMOLT_CONTAINER_DIR to the project's container/ folder)");
        }
        Map<String, Entry> entries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).toList()) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                entries.put(name, new Entry(Files.readAllBytes(file), Files.isExecutable(file) ? 0755 : 0644));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (extraCaCerts.isPresent()) entries.put(EXTRA_CA_ENTRY, new Entry(Files.readAllBytes(extraCaCerts.get()), 0644));
        return new BuildContext(tar(entries), hash(entries));
    }

    private record Entry(byte[] content, int mode) {}

    private static byte[] tar(Map<String, Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().content().length);
                entry.setMode(e.getValue().mode());
                entry.setModTime(0);
                out.putArchiveEntry(entry);
                out.write(e.getValue().content());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String hash(Map<String, Entry> entries) {
        MessageDigest digest = sha256();
        for (var e : entries.entrySet()) {
            digest.update((e.getKey() + "\0" + e.getValue().mode() + "\0" + e.getValue().content().length + "\0")
                    .getBytes(StandardCharsets.UTF_8));
            digest.update(e.getValue().content());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    byte[] tar() {
        return tar;
    }

    String hash() {
        return hash;
    }
}
