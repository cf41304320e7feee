package dev.remolt.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class ArchiveSanitizerTest {
    private static final ArchiveSanitizer SANITIZER = new ArchiveSanitizer(ArchiveLimits.DEFAULT);

    private static List<TarArchiveEntry> clean(byte[] archive) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SANITIZER.sanitize(new ByteArrayInputStream(archive), out);
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) entries.add(e);
        }
        return entries;
    }

    private static void assertRejected(byte[] archive, String... messageParts) {
        var thrown = assertThatThrownBy(() -> SANITIZER.sanitize(new ByteArrayInputStream(archive), new ByteArrayOutputStream()))
                .isInstanceOf(ArchiveRejectedException.class);
        for (String part : messageParts) thrown.hasMessageContaining(part);
    }

    static java.util.stream.Stream<String> corpus() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(ArchiveSanitizerTest.class.getResource("/archives").toURI());
        try (var files = java.nio.file.Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tar.gz")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "corpus: {0}")
    @org.junit.jupiter.params.provider.MethodSource("corpus")
    void theHostileCorpusIsRefusedAndTheGoodOnesPass(String name) throws Exception {
        byte[] archive = ArchiveSanitizerTest.class.getResourceAsStream("/archives/" + name).readAllBytes();
        if (name.startsWith("reject-")) {
            assertThatThrownBy(() -> SANITIZER.sanitize(new ByteArrayInputStream(archive), new ByteArrayOutputStream()))
                    .as(name).isInstanceOf(ArchiveRejectedException.class);
        } else {
            var entries = clean(archive);
            assertThat(entries).as(name).isNotEmpty();
            assertThat(entries).allSatisfy(e -> assertThat(e.getMode() & 07022).as(e.getName()).isZero());
        }
    }

    @Test
    @DisplayName("files, folders and inner links pass; owners drop, set-id bits and world-write are masked")
    void cleanArchivePasses() throws Exception {
        var entries = clean(HostileArchives.tarGz(w -> w.dir("src").file("src/a.txt", "hi").file("run.sh", "x", 04777)
                .symlink("src/link", "a.txt").symlink("up", "src/../src/a.txt")));
        assertThat(entries).extracting(TarArchiveEntry::getName)
                .containsExactly("src/", "src/a.txt", "run.sh", "src/link", "up", ArchiveSanitizer.COMPLETE_MARKER);
        TarArchiveEntry script = entries.get(2);
        assertThat(script.getMode() & 07777).isEqualTo(0755);
        assertThat(script.getLongUserId()).isZero();
        assertThat(entries.get(1).getMode() & 07777).isEqualTo(0644);
    }

    @ParameterizedTest(name = "a name like {0} is refused")
    @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "./../x", "a\\..\\x", "a/\u0001b"})
    void traversalAndOddNamesAreRefused(String name) {
        assertRejected(HostileArchives.tarGz(w -> w.file(name, "x")), "Entry");
    }

    @Test
    @DisplayName("links that leave the workspace, hard links, devices and FIFOs are refused")
    void dangerousEntriesAreRefused() {
        assertRejected(HostileArchives.tarGz(w -> w.symlink("evil", "/etc")), "\"evil\"", "outside the workspace");
        assertRejected(HostileArchives.tarGz(w -> w.symlink("evil", "../../etc")), "outside the workspace");
        assertRejected(HostileArchives.tarGz(w -> w.hardlink("h", "/etc/passwd")), "hard link");
        assertRejected(HostileArchives.tarGz(w -> w.hardlink("h", "../x")), "hard link");
        assertRejected(HostileArchives.tarGz(w -> w.special("dev", TarArchiveEntry.LF_CHR)), "character device");
        assertRejected(HostileArchives.tarGz(w -> w.special("blk", TarArchiveEntry.LF_BLK)), "block device");
        assertRejected(HostileArchives.tarGz(w -> w.special("pipe", TarArchiveEntry.LF_FIFO)), "FIFO");
    }

    @Test
    @DisplayName("nothing is written through a symbolic link made earlier in the archive")
    void noWriteThroughSymlinks() {
        assertRejected(HostileArchives.tarGz(w -> w.symlink("d", "sub").file("d/x", "x")), "through a symbolic link");
        assertRejected(HostileArchives.tarGz(w -> w.symlink("d", "sub").file("d", "x")), "replaces a symbolic link");
    }

    @Test
    @DisplayName("archive bombs and entry floods are refused quickly as too large")
    void bombsAreRefused() {
        byte[] bomb = HostileArchives.tarGz(w -> w.zeros("zeros.bin", 64L * 1024 * 1024));
        assertThat(bomb.length).isLessThan(200_000);
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(ArchiveRejectedException.class,
                () -> SANITIZER.sanitize(new ByteArrayInputStream(bomb), new ByteArrayOutputStream()));
        assertThat(thrown.tooLarge()).isTrue();
        assertThat(thrown).hasMessageContaining("archive bomb");

        ArchiveSanitizer small = new ArchiveSanitizer(new ArchiveLimits(100, 1 << 20, 200, Duration.ofSeconds(10)));
        byte[] flood = HostileArchives.tarGz(w -> { for (int i = 0; i < 150; i++) w.file("f" + i, ""); });
        assertThatThrownBy(() -> small.sanitize(new ByteArrayInputStream(flood), new ByteArrayOutputStream()))
                .hasMessageContaining("more than 100 entries");
        byte[] big = HostileArchives.tarGz(w -> w.file("a", "x".repeat(600_000)).file("b", "y".repeat(600_000)));
        assertThatThrownBy(() -> small.sanitize(new ByteArrayInputStream(big), new ByteArrayOutputStream()))
                .hasMessageContaining("expands past 1 MiB").hasMessageContaining("\"b\"");
    }

    @Test
    @DisplayName("non-gzip, empty, truncated and nested archives: clear refusals, and inner archives stay files")
    void malformedInputs() throws Exception {
        assertRejected("not a gzip file at all".getBytes(), "not a gzip file");
        assertRejected(new byte[0], "not a gzip file");
        byte[] good = HostileArchives.tarGz(w -> w.file("a", "x".repeat(50_000)));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> SANITIZER.sanitize(new ByteArrayInputStream(truncated), new ByteArrayOutputStream()))
                .isInstanceOf(ArchiveRejectedException.class);
        byte[] inner = HostileArchives.tarGz(w -> w.file("inner.txt", "x"));
        var entries = clean(HostileArchives.tarGz(w -> w.file("nested.tar.gz", new String(inner, java.nio.charset.StandardCharsets.ISO_8859_1))));
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly("nested.tar.gz", ArchiveSanitizer.COMPLETE_MARKER);
    }
}
