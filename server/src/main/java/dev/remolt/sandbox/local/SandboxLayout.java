package dev.remolt.sandbox.local;

import java.nio.file.Path;

/**
 * Where one local sandbox keeps its files under {@code {data}/sandboxes/{id}}. Only {@code home}
 * (read-write) and {@code etc} (read-only) are bound into the sandbox; the record and the log stay outside it.
 */
record SandboxLayout(Path root) {
    static final String HOME_INSIDE = "/home/dev";
    /** Where shells start and what upload and download move; the same path on every runtime. */
    static final String WORKSPACE_INSIDE = "/home/dev/workspace";

    static SandboxLayout of(Path sandboxesDir, String sessionId) {
        return new SandboxLayout(sandboxesDir.resolve(sessionId));
    }

    Path home() {
        return root.resolve("home");
    }

    /** Files bound read-only over the host's: passwd, group, the tmux configuration, the welcome text. */
    Path etc() {
        return root.resolve("etc");
    }

    Path record() {
        return root.resolve("sandbox.json");
    }

    Path log() {
        return root.resolve("bwrap.log");
    }

    /** tmux's own default socket for {@code uid}, inside the sandbox's /tmp, where clients entering it find it. */
    static String socketInside(int uid) {
        return "/tmp/tmux-" + uid + "/default";
    }
}
