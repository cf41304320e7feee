package dev.remolt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run measured on, so figures from different machines are never compared by mistake. */
public record Machine(int cores, String cpu, String kernel, String jdk) {

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                read(Path.of("/proc/sys/kernel/osrelease")).strip(),
                System.getProperty("java.vm.name") + " " + Runtime.version());
    }

    private static String cpuModel() {
        return read(Path.of("/proc/cpuinfo")).lines()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst().orElse("unknown");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return cores + " cores, " + cpu + ", Linux " + kernel + ", " + jdk;
    }
}
