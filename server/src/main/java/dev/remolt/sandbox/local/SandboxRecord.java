package dev.remolt.sandbox.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * What the server must know to find a local sandbox again after a restart: its labels, its uid,
 * the pid (with start time, against pid reuse) of the init process of its pid namespace, and the
 * rlimits every process entering it gets where cgroups cannot hold its limits.
 */
record SandboxRecord(Map<String, String> labels, int uid, long initPid, long initStartTime, FallbackLimits limits) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SandboxRecord read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), SandboxRecord.class);
    }

    /** Written to a temp file, synced, then renamed: a crash leaves the old record or the new one. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, JSON.writeValueAsBytes(this));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    boolean alive() {
        return HostProcesses.isAlive(initPid, initStartTime);
    }
}
