package dev.remolt.vscode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the steps of a host-side install (npm and the commands around it) with a clean environment
 * ({@link InstallEnvironment}) and, when the server is root, as {@link #INSTALL_UID}: third-party
 * install scripts run neither as root nor with the server's secrets in reach. Each step's output
 * is appended to the install's log.
 */
final class InstallSteps {
    /**
     * The uid a root server installs as: just below the sandbox uids (200000 and up, handed out by
     * {@code sandbox.local.UidClaims}), so no login user and no sandbox shares it, and sandboxes can
     * read what it installs but not change it.
     */
    static final int INSTALL_UID = 199_999;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(30);

    private final Path log;
    private final Path workingDir;
    private final Map<String, String> environment;
    private final int serverUid;

    /**
     * @param workingDir where steps start: a folder of their own ({@link #giveFolder}), as the
     *        server's working directory may be closed to the install uid
     */
    InstallSteps(Path log, Path workingDir, Map<String, String> environment, int serverUid) {
        this.log = log;
        this.workingDir = workingDir;
        this.environment = Map.copyOf(environment);
        this.serverUid = serverUid;
    }

    static int serverUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    boolean dropsPrivileges() {
        return serverUid == 0;
    }

    /** The uid the steps run as. */
    int uid() {
        return dropsPrivileges() ? INSTALL_UID : serverUid;
    }

    /** The same steps with {@code dir} first on their PATH. */
    InstallSteps withPathFirst(Path dir) {
        Map<String, String> changed = new TreeMap<>(environment);
        changed.put("PATH", dir + File.pathSeparator + environment.get("PATH"));
        return new InstallSteps(log, workingDir, changed, serverUid);
    }

    /**
     * Creates {@code dir}, a child of a folder only the server writes, for the steps to write into,
     * owned by their uid. A non-empty one owned by another uid (left by an install that ran as
     * someone else) is refused: the steps could neither clear nor reuse it.
     */
    void giveFolder(Path dir, String permissions) throws IOException {
        Files.createDirectories(dir);
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid()) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dir + " belongs to uid " + owner + ", not to uid " + uid() + " that installs: an install"
                            + " that ran as another user left it; remove it and try again");
                }
            }
            Files.setAttribute(dir, "unix:uid", uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:gid", uid(), LinkOption.NOFOLLOW_LINKS);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
    }

    /** The argv that runs {@code command} as the steps' uid. */
    List<String> command(List<String> command) {
        if (!dropsPrivileges()) return command;
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + INSTALL_UID, "--regid=" + INSTALL_UID,
                "--clear-groups", "--no-new-privs", "--"));
        argv.addAll(command);
        return argv;
    }

    /** Runs one step; a failure names the step and its last output. */
    void run(List<String> command, String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(command)).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(what + " could not start: " + e.getMessage(), e);
        }
        if (!process.waitFor(STEP_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(what + " took longer than " + STEP_TIMEOUT.toMinutes() + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " exited with " + process.exitValue() + ": " + lastLines(3) + " (full log: " + log + ")");
        }
    }

    private String lastLines(int count) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
            lines.removeIf(String::isBlank);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
