package dev.remolt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The server's command line, run as its own JVM: flags are answered without starting anything. */
class MainTest {
    private record Exit(int code, String output) {}

    private static Exit run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        // REMOLT_PORT=1 would fail to bind: a server that started instead of answering could not pass.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REMOLT_PORT", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("still running after 30 s: " + output);
        }
        return new Exit(process.exitValue(), output);
    }

    @Test
    @DisplayName("--version prints the version and commit and exits 0 without starting a server")
    void version() throws Exception {
        Exit exit = run("--version");
        assertThat(exit.code()).isZero();
        assertThat(exit.output()).isEqualTo(BuildInfo.current().describe() + "\n")
                .matches("remolt \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown)\\)\\n");
    }

    @Test
    @DisplayName("the commit is this checkout's HEAD, also from a linked git worktree")
    void commitIsThisCheckoutsHead() throws Exception {
        Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(head).isZero();
        // Built from this HEAD, or from a commit made after the build: never another checkout's HEAD.
        Process isAncestor = new ProcessBuilder("git", "merge-base", "--is-ancestor", BuildInfo.current().commit(), head)
                .directory(Path.of("").toAbsolutePath().toFile()).start();
        assertThat(isAncestor.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(isAncestor.exitValue()).as("commit %s is HEAD %s or before it", BuildInfo.current().commit(), head).isZero();
    }

    @Test
    @DisplayName("--help prints the usage and exits 0; an unknown argument prints it and exits 2")
    void help() throws Exception {
        Exit help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.output()).startsWith("usage: java -jar remolt-server.jar [--help | --version]")
                .contains(".env.example").doesNotContain("listening");
        Exit unknown = run("--port=9");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.output()).startsWith("unknown argument: --port=9\nusage:");
    }
}
