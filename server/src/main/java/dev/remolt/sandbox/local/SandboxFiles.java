package dev.remolt.sandbox.local;

import dev.remolt.agents.Agent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Lays out a new sandbox's folder: an empty home owned by the sandbox's uid, and the small files
 * bound read-only into it: over the host's {@code /etc}, and at {@code /opt/remolt} the tmux
 * configuration, the welcome text and the first window's script ({@code session-start.sh}).
 */
final class SandboxFiles {
    private SandboxFiles() {}

    static void prepare(SandboxLayout layout, int uid, boolean chown, Agent agent) throws IOException {
        Files.createDirectories(layout.root());
        Files.setPosixFilePermissions(layout.root(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.createDirectories(layout.home());
        Files.setPosixFilePermissions(layout.home(), PosixFilePermissions.fromString("rwx------"));
        if (chown) {
            Files.setAttribute(layout.home(), "unix:uid", uid);
            Files.setAttribute(layout.home(), "unix:gid", uid);
        }
        Path workspace = Files.createDirectories(layout.home().resolve("workspace"));
        // Written while no process of the sandbox exists yet: the home is new and the server's own.
        Path profile = Files.writeString(layout.home().resolve(".bash_profile"), BASH_PROFILE);
        for (Path path : java.util.List.of(workspace, profile)) {
            if (chown) {
                Files.setAttribute(path, "unix:uid", uid);
                Files.setAttribute(path, "unix:gid", uid);
            }
        }
        Path etc = Files.createDirectories(layout.etc());
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/usr/sbin/nologin
                dev:x:%d:%d:Remolt sandbox user:/home/dev:/bin/bash
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                """.formatted(uid, uid));
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                dev:x:%d:
                nogroup:x:65534:
                """.formatted(uid));
        Files.writeString(etc.resolve("welcome"), agent.welcome().isBlank() ? "" : agent.welcome() + "\n\n");
        Files.writeString(etc.resolve("tmux.conf"), tmuxConf());
        try (InputStream script = SandboxFiles.class.getResourceAsStream("session-start.sh")) {
            if (script == null) throw new IOException("missing resource session-start.sh");
            Files.write(etc.resolve("session-start"), script.readAllBytes());
        }
    }

    /** Login shells start from the host's /etc/profile, whose PATH lacks the agent's tools and the user's npm installs. */
    private static final String BASH_PROFILE = """
            # Written by Remolt when this sandbox was made; yours to change.
            [ -f ~/.profile ] && . ~/.profile
            [ -d /opt/agent/bin ] && case ":$PATH:" in *:/opt/agent/bin:*) ;; *) PATH="/opt/agent/bin:$PATH" ;; esac
            [ -n "${NPM_CONFIG_PREFIX:-}" ] && case ":$PATH:" in *":$NPM_CONFIG_PREFIX/bin:"*) ;; *) PATH="$NPM_CONFIG_PREFIX/bin:$PATH" ;; esac
            export PATH
            """;

    private static String tmuxConf() {
        return """
                set -g history-limit 10000
                set -g default-terminal "tmux-256color"
                set -g default-shell /bin/bash
                set -g mouse on
                set -g set-clipboard on
                set -g window-size latest
                set -sg escape-time 10
                set -g status-style "bg=#1a1b26,fg=#7aa2f7"
                # No clock and no periodic redraw: output should mean activity, for the idle timeout.
                set -g status-interval 0
                set -g status-right "#h"
                # The first window sets up git and the repository, greets the user, then becomes a login shell.
                new-session -d -s main -c /home/dev/workspace "exec bash /opt/remolt/session-start"
                source-file -q /home/dev/.tmux.conf
                """;
    }
}
