package dev.remolt.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Reads an uploaded .tar.gz and writes a clean tar of the same files: regular files, folders and
 * symbolic links that stay inside the workspace, with owner dropped and modes masked (no set-id
 * bits), as PEP 706's "data" filter does. The first bad entry rejects the whole archive; the
 * caller's extraction only commits after the final marker entry this class writes last.
 */
public final class ArchiveSanitizer {
    /** The last entry of every clean tar: its presence proves the whole archive passed. */
    public static final String COMPLETE_MARKER = ".remolt-upload-complete";
    private static final int MAX_NAME = 1024;
    /**
     * GNU tar reads whole 10 KiB records. Padding the end to a full record lets it finish at the
     * end-of-archive blocks: some runtimes (Docker's exec) cannot signal end of input by closing.
     */
    public static final int RECORD_BYTES = 10240;

    private final ArchiveLimits limits;

    public ArchiveSanitizer(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** Copies {@code gzipped} to {@code cleanTar}; returns the number of entries written. */
    public int sanitize(InputStream gzipped, OutputStream cleanTar) throws IOException {
        long deadline = System.nanoTime() + limits.maxTime().toNanos();
        CountingStream compressed = new CountingStream(gzipped);
        GzipCompressorInputStream gunzip;
        try {
            gunzip = new GzipCompressorInputStream(compressed, false);
        } catch (IOException e) {
            throw new ArchiveRejectedException("The upload is not a gzip file (.tar.gz expected).", false);
        }
        Set<String> symlinks = new HashSet<>();
        int count = 0;
        long expanded = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gunzip, StandardCharsets.UTF_8.name());
             TarArchiveOutputStream out = new TarArchiveOutputStream(cleanTar, RECORD_BYTES, StandardCharsets.UTF_8.name())) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                if (++count > limits.maxEntries()) {
                    throw new ArchiveRejectedException("The archive has more than " + limits.maxEntries() + " entries.", true);
                }
                if (System.nanoTime() > deadline) {
                    throw new ArchiveRejectedException("The archive took longer than " + limits.maxTime().toSeconds()
                            + " s to unpack.", true);
                }
                String name = EntryNames.check(entry.getName(), MAX_NAME);
                EntryNames.refuseThroughSymlink(name, symlinks);
                TarArchiveEntry clean = cleanEntry(entry, name);
                if (entry.isSymbolicLink()) symlinks.add(EntryNames.withoutTrailingSlash(name));
                out.putArchiveEntry(clean);
                if (isRegularFile(entry)) {
                    expanded += entry.getSize();
                    checkSize(name, expanded, compressed.count());
                    copy(BoundedInputStream.builder().setInputStream(tar).setMaxCount(entry.getSize()).get(), out,
                            name, expanded - entry.getSize(), compressed);
                }
                out.closeArchiveEntry();
            }
            TarArchiveEntry marker = new TarArchiveEntry(COMPLETE_MARKER);
            marker.setSize(0);
            out.putArchiveEntry(marker);
            out.closeArchiveEntry();
            out.finish();
        }
        return count;
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new ArchiveRejectedException("The archive is damaged or truncated (" + firstLine(e) + ").", false);
        }
    }

    private static TarArchiveEntry cleanEntry(TarArchiveEntry entry, String name) {
        TarArchiveEntry clean;
        if (entry.isDirectory()) {
            clean = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
            clean.setMode(040755);
        } else if (entry.isSymbolicLink()) {
            EntryNames.checkLinkTarget(name, entry.getLinkName());
            clean = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            clean.setLinkName(entry.getLinkName());
        } else if (isRegularFile(entry)) {
            clean = new TarArchiveEntry(name);
            clean.setSize(entry.getSize());
            // Keep the owner's execute bit, drop everything else that matters: set-id, sticky, world-write.
            clean.setMode(0100000 | ((entry.getMode() & 0100) != 0 ? 0755 : 0644));
        } else {
            throw new ArchiveRejectedException("Entry " + EntryNames.printable(entry.getName()) + " is a "
                    + kindOf(entry) + "; only files, folders and symbolic links are allowed.", false);
        }
        clean.setModTime(entry.getModTime());
        return clean;
    }

    private void checkSize(String name, long expanded, long compressedSoFar) {
        if (expanded > limits.maxBytes()) {
            throw new ArchiveRejectedException("The archive expands past " + limits.maxBytes() / (1024 * 1024)
                    + " MiB at entry " + EntryNames.printable(name) + ".", true);
        }
        if (expanded > 10L * 1024 * 1024 && expanded > limits.maxRatio() * Math.max(1, compressedSoFar)) {
            throw new ArchiveRejectedException("The archive expands more than " + limits.maxRatio()
                    + " times its size at entry " + EntryNames.printable(name) + " (an archive bomb?).", true);
        }
    }

    private void copy(InputStream in, OutputStream out, String name, long before, CountingStream compressed)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                written += n;
                checkSize(name, before + written, compressed.count());
            }
        } catch (IOException e) {
            if (e instanceof java.io.EOFException || e.getMessage() != null && e.getMessage().contains("truncated")) {
                throw new ArchiveRejectedException("The archive is truncated inside entry " + EntryNames.printable(name) + ".", false);
            }
            throw e;
        }
    }

    /** By type flag only: commons-compress counts devices and hard links as "files" too. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return (flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM
                || flag == TarArchiveEntry.LF_CONTIG) && !entry.isDirectory() && !entry.isSparse();
    }

    private static String kindOf(TarArchiveEntry entry) {
        if (entry.isLink()) return "hard link";
        if (entry.isCharacterDevice()) return "character device";
        if (entry.isBlockDevice()) return "block device";
        if (entry.isFIFO()) return "FIFO";
        return "special entry";
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Counts the compressed bytes read, for the expansion ratio. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        long count() {
            return count;
        }
    }
}
