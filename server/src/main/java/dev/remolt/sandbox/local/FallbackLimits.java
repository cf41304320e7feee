package dev.remolt.sandbox.local;

import dev.remolt.sandbox.ResourceLimits;

/**
 * The limits a sandbox's processes carry themselves (rlimits) where no cgroup can hold the
 * agent's: processes per uid and writable memory per process; 0 for none. With cgroups, none.
 *
 * @param processes RLIMIT_NPROC: the agent's pids on top of what the uid already runs (an
 *        unprivileged server's sandboxes share its uid, so its own threads count too)
 * @param dataBytes RLIMIT_DATA: the agent's memory, for each process
 */
record FallbackLimits(long processes, long dataBytes) {
    static final FallbackLimits NONE = new FallbackLimits(0, 0);

    static FallbackLimits of(ResourceLimits limits, int uid) {
        return new FallbackLimits(HostProcesses.threadsOfUid(uid) + limits.pids(), limits.memoryBytes());
    }
}
