package dev.remolt.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.config.Config.LocalNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BwrapCommandTest {
    private final Path data = Path.of("/srv/remolt-data");
    private static final List<String> INNER = List.of("/usr/bin/perl", "-e", "confine", "tmux", "-D");
    private final SandboxLayout layout = SandboxLayout.of(data.resolve("sandboxes"), "0123456789abcdef");

    @Test
    @DisplayName("the sandbox unshares every namespace, drops capabilities and starts a new session")
    void isolationFlags() {
        List<String> argv = BwrapCommand.build(layout, "sb-0123456789abcdef", 200000, LocalNetwork.NONE, Optional.empty(), INNER);
        assertThat(argv.getFirst()).isEqualTo("setsid");
        assertThat(argv).contains("--unshare-all", "--unshare-user", "--new-session", "--cap-drop", "ALL")
                .doesNotContain("--share-net", "--die-with-parent");
        assertThat(argv).containsSequence("--hostname", "sb-0123456789abcdef");
        assertThat(argv).containsSequence("--ro-bind", "/usr", "/usr").containsSequence("--ro-bind", "/etc", "/etc");
        assertThat(argv).containsSequence("setpriv", "--reuid=200000", "--regid=200000");
        assertThat(argv.subList(argv.lastIndexOf("--") + 1, argv.size())).isEqualTo(INNER);
    }

    @Test
    @DisplayName("the sandbox's first process is its own (no unfiltered bwrap as pid 1) and its root folder is read-only, set last")
    void noUnfilteredInitAndReadOnlyRoot() {
        List<String> argv = BwrapCommand.build(layout, "sb-x", 200000, LocalNetwork.NONE, Optional.empty(), INNER);
        assertThat(argv).contains("--as-pid-1");
        int remount = argv.indexOf("--remount-ro");
        assertThat(argv.get(remount + 1)).isEqualTo("/");
        for (int i = remount + 2; i < argv.lastIndexOf("--"); i++) assertThat(argv.get(i)).doesNotEndWith("bind");
    }

    @Test
    @DisplayName("nothing of the host's /run, the data folder or its sockets is bound; only this sandbox's own folders")
    void noHostSocketsOrState() {
        List<String> argv = BwrapCommand.build(layout, "sb-x", -1, LocalNetwork.HOST, Optional.empty(), INNER);
        assertThat(argv).contains("--share-net").doesNotContain("setpriv");
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).endsWith("bind")) {
                String source = argv.get(i + 1);
                assertThat(source).doesNotStartWith("/run").doesNotStartWith("/var/run").doesNotContain("docker.sock");
                if (source.startsWith(data.toString())) assertThat(source).startsWith(layout.root().toString() + "/");
            }
        }
    }

    @Test
    @DisplayName("the server's tools folder is bound read-only, whole, so a later install shows up in running sandboxes")
    void toolsFolderReadOnly() {
        Path tools = data.resolve("tools");
        List<String> argv = BwrapCommand.build(layout, "sb-x", 200000, LocalNetwork.NONE, Optional.of(tools), INNER);
        assertThat(argv).containsSequence("--ro-bind", tools.toString(), "/opt/tools");
        assertThat(argv).doesNotContainSequence("--bind", tools.toString(), "/opt/tools");
    }

    @Test
    @DisplayName("with user-mode networking the sandbox keeps its own network namespace and sees its own resolver and hosts file")
    void userNetworkOwnNamespace() {
        List<String> argv = BwrapCommand.build(layout, "sb-x", 200000, LocalNetwork.USER, Optional.empty(), INNER);
        assertThat(argv).contains("--unshare-all").doesNotContain("--share-net");
        assertThat(argv).containsSequence("--ro-bind", layout.etc().resolve("resolv.conf").toString(), "/etc/resolv.conf")
                .containsSequence("--ro-bind", layout.etc().resolve("hosts").toString(), "/etc/hosts");
        assertThat(argv.indexOf("/etc/hosts")).as("bound after the host's /etc").isGreaterThan(argv.indexOf("/etc"));
    }
}
