package dev.remolt.session;

import java.util.Map;

/** The secret environment a user's new sandbox starts with (stored keys, tokens); never saved or logged. */
@FunctionalInterface
public interface SessionSecrets {
    SessionSecrets NONE = owner -> Map.of();

    Map<String, String> forNewSandbox(String owner);
}
