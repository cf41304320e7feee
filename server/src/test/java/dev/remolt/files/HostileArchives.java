package dev.remolt.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** The corpus of archives the upload must refuse (and a few it must accept), built byte for byte. */
public final class HostileArchives {
    private HostileArchives() {}

    /** Writes entries with a raw tar writer: no name checks, so any hostile shape can be made. */
    public static byte[] tarGz(Consumer<Writer> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            entries.accept(new Writer(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static final class Writer {
        private final TarArchiveOutputStream tar;

        Writer(TarArchiveOutputStream tar) {
            this.tar = tar;
        }

        public Writer file(String name, String content) {
            return file(name, content, 0644);
        }

        Writer file(String name, String content, int mode) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(data.length);
            entry.setMode(0100000 | mode);
            return put(entry, data);
        }

        Writer zeros(String name, long size) {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(size);
            try {
                tar.putArchiveEntry(entry);
                byte[] block = new byte[64 * 1024];
                for (long left = size; left > 0; left -= block.length) tar.write(block, 0, (int) Math.min(block.length, left));
                tar.closeArchiveEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Writer dir(String name) {
            TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
            return put(entry, null);
        }

        Writer symlink(String name, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            entry.setLinkName(target);
            return put(entry, null);
        }

        Writer hardlink(String name, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
            entry.setLinkName(target);
            return put(entry, null);
        }

        Writer special(String name, byte type) {
            return put(new TarArchiveEntry(name, type, true), null);
        }

        private Writer put(TarArchiveEntry entry, byte[] data) {
            try {
                tar.putArchiveEntry(entry);
                if (data != null) tar.write(data);
                tar.closeArchiveEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }
}
