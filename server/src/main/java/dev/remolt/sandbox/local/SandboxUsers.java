package dev.remolt.sandbox.local;

import java.util.Set;

/**
 * Picks the host uid a sandbox runs as. A root server gives each sandbox its own uid from a range
 * no login user has, so sandboxes never share file ownership; otherwise sandboxes run as the
 * server's own user (bubblewrap maps it inside its user namespace).
 */
final class SandboxUsers {
    static final int FIRST_UID = 200_000;
    static final int COUNT = 65_536;

    private final int serverUid;

    SandboxUsers(int serverUid) {
        this.serverUid = serverUid;
    }

    boolean dropsPrivileges() {
        return serverUid == 0;
    }

    int allocate(Set<Integer> inUse) {
        if (!dropsPrivileges()) return serverUid;
        for (int uid = FIRST_UID; uid < FIRST_UID + COUNT; uid++) {
            if (!inUse.contains(uid)) return uid;
        }
        throw new IllegalStateException("all " + COUNT + " sandbox uids are in use");
    }
}
