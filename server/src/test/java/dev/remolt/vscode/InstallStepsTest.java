package dev.remolt.vscode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Install steps run for real: who runs them, with what environment, in which folders. */
class InstallStepsTest {
    @TempDir
    Path tools;

    private InstallSteps steps(Map<String, String> server, int serverUid) {
        Path npmHome = tools.resolve(".npm-home");
        return new InstallSteps(tools.resolve("install.log"), npmHome,
                InstallEnvironment.of(server, npmHome, tools.resolve(".npm-user-config")), serverUid);
    }

    private static void assumeRoot() throws Exception {
        Assumptions.assumeTrue(InstallSteps.serverUid() == 0, "dropping to the install uid needs a server that runs as root");
    }

    @Test
    @DisplayName("a step of a root server runs as uid 199999 without groups, and sees none of the server's secrets")
    void rootServerStepsRunUnprivilegedAndClean() throws Exception {
        assumeRoot();
        // The install uid passes through the test's folder as it passes through the data folder.
        Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwx--x--x"));
        InstallSteps steps = steps(Map.of("PATH", System.getenv("PATH"), "GITHUB_CLIENT_SECRET", "hunter2",
                "REMOLT_ENCRYPTION_KEY", "k3y", "https_proxy", "http://proxy.example:3128"), 0);
        steps.giveFolder(tools.resolve(".npm-home"), "rwx------");

        steps.run(List.of("sh", "-c", "echo uid=$(id -u) gid=$(id -g) groups=$(id -G); env"), "id and env");

        String output = Files.readString(tools.resolve("install.log"));
        assertThat(output).contains("uid=199999 gid=199999 groups=199999\n")
                .contains("HOME=" + tools.resolve(".npm-home") + "\n")
                .contains("https_proxy=http://proxy.example:3128\n")
                .doesNotContain("hunter2").doesNotContain("GITHUB_CLIENT_SECRET").doesNotContain("k3y");
    }

    @Test
    @DisplayName("a server that is not root runs its steps as itself, without setpriv")
    void otherServersRunStepsAsThemselves() {
        assertThat(steps(Map.of(), 1000).command(List.of("npm", "install"))).containsExactly("npm", "install");
        assertThat(steps(Map.of(), 0).command(List.of("npm", "install"))).containsExactly(
                "setpriv", "--reuid=199999", "--regid=199999", "--clear-groups", "--no-new-privs", "--", "npm", "install");
    }

    @Test
    @DisplayName("a folder the steps write is handed to their uid, unless another uid's install left files in it")
    void foldersGoToTheInstallUid() throws Exception {
        assumeRoot();
        InstallSteps steps = steps(Map.of(), 0);
        Path fresh = tools.resolve("fresh");
        steps.giveFolder(fresh, "rwxr-xr-x");
        assertThat(Files.getAttribute(fresh, "unix:uid")).isEqualTo(199_999);
        assertThat(Files.getAttribute(fresh, "unix:gid")).isEqualTo(199_999);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwxr-xr-x");

        Path leftover = Files.createDirectories(tools.resolve("leftover/node_modules"));
        assertThatThrownBy(() -> steps.giveFolder(leftover.getParent(), "rwxr-xr-x"))
                .hasMessage(leftover.getParent() + " belongs to uid 0, not to uid 199999 that installs: an install that ran as"
                        + " another user left it; remove it and try again");
    }
}
