package dev.remolt.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./remolt} or a function of {@code scripts/prerequisites.sh} with a chosen environment. */
final class QuickStartScript {
    static final Path REPO = Path.of(System.getProperty("remolt.repo.dir", "..")).toAbsolutePath().normalize();

    /** What a run printed, and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private QuickStartScript() {}

    /** Sources the prerequisites script and runs {@code snippet} with exactly {@code env} (plus HOME). */
    static Run functions(String snippet, Map<String, String> env) throws Exception {
        return run(List.of("/bin/bash", "-c", "set -euo pipefail; . scripts/prerequisites.sh; " + snippet), env);
    }

    static Run remolt(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash", REPO.resolve("remolt").toString()));
        command.addAll(args);
        return run(command, env);
    }

    static Run run(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("script", ".out");
        Path err = Files.createTempFile("script", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after 120 s: " + command + "\n" + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A folder of links to the given host tools: a PATH on which everything else is missing. */
    static Path pathWith(Path dir, List<String> tools) throws IOException {
        Files.createDirectories(dir);
        for (String tool : tools) {
            for (String prefix : List.of("/usr/bin/", "/bin/", "/usr/sbin/")) {
                Path host = Path.of(prefix + tool);
                if (Files.isExecutable(host)) {
                    Files.createSymbolicLink(dir.resolve(tool), host);
                    break;
                }
            }
        }
        return dir;
    }

    /** Host tools that the prerequisite functions themselves use. */
    static final List<String> BASICS = List.of("bash", "sh", "curl", "tar", "gzip", "sha256sum", "sha512sum", "base64",
            "od", "tr", "cut", "sed", "grep", "head", "mkdir", "mktemp", "mv", "rm", "chmod", "dirname", "uname", "id",
            "ls", "sort", "env", "cat");
}
