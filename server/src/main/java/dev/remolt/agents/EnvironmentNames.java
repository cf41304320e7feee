package dev.remolt.agents;

import java.util.Optional;
import java.util.Set;

/**
 * Variable names no sandbox environment may hold, whoever supplies them (a stored key, an agent
 * file, a launch form): they change how programs load or start (the dynamic loader's {@code LD_*},
 * shells' start-up files, interpreters' preloads). Sandbox environments reach only processes inside
 * the sandbox; refusing these too is defence in depth should one ever reach a helper outside.
 */
public final class EnvironmentNames {
    private static final Set<String> REFUSED = Set.of(
            "GCONV_PATH", "GLIBC_TUNABLES", "HOSTALIASES", "LOCPATH", "NLSPATH", "MALLOC_CHECK_", "MALLOC_TRACE",
            "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "IFS",
            "NODE_OPTIONS", "NODE_PATH", "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "PYTHONINSPECT",
            "PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB", "RUBYOPT", "RUBYLIB",
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

    private EnvironmentNames() {}

    /** Why {@code name} may not be set in a sandbox, or empty when it may. */
    public static Optional<String> refusal(String name) {
        if (name.startsWith("LD_")) {
            return Optional.of(name + " is refused: LD_* variables change how every program is loaded");
        }
        if (REFUSED.contains(name)) {
            return Optional.of(name + " is refused: it changes how programs load or start (rule: no loader, shell start-up or interpreter preload variables)");
        }
        return Optional.empty();
    }
}
