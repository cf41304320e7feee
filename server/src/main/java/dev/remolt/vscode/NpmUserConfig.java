package dev.remolt.vscode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The npm user config of the server's user (on a build host, settings such as {@code nodedir} that
 * spare node-gyp a download), copied for install steps, which have another HOME and perhaps a uid
 * that cannot read the original in root's home.
 * <p>
 * A copy of the file, not {@code npm config list --json}: that lists every default as well, the
 * server user's own cache among them, and in JSON, which npm does not read as a config file. Global
 * config and {@code npm_config_*} variables reach the steps without it.
 * <p>
 * The copy lives in the tools folder, not in the npm home: the server writes no file into a folder
 * the install uid controls, where a link left by an install script could redirect a root write.
 * Only the install uid (by group) may read it: the tools folder is visible in every local sandbox.
 * A registry token in it is therefore readable by install scripts, as npm, running as that uid,
 * must read it too.
 */
final class NpmUserConfig {
    private NpmUserConfig() {}

    /** Writes the copy at {@code target}; empty when the server's user has no npm config. */
    static void copy(Map<String, String> server, Path target, InstallSteps steps) throws IOException {
        Path original = original(server);
        byte[] content = Files.isReadable(original) ? Files.readAllBytes(original) : new byte[0];
        Files.deleteIfExists(target);
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(target, content);
        if (steps.dropsPrivileges()) {
            Files.setAttribute(target, "unix:gid", InstallSteps.INSTALL_UID);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        }
    }

    /** Where npm, run by the server, finds its user config: a variable names it, else ~/.npmrc. */
    private static Path original(Map<String, String> server) {
        for (var variable : server.entrySet()) {
            if (variable.getKey().equalsIgnoreCase("npm_config_userconfig")) return Path.of(variable.getValue());
        }
        return Path.of(server.getOrDefault("HOME", System.getProperty("user.home")), ".npmrc");
    }
}
