package dev.remolt.api;

import dev.remolt.agents.EnvironmentNames;
import dev.remolt.auth.Access;
import dev.remolt.auth.Identity;
import dev.remolt.secrets.UserVault;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /api/keys}: the caller's stored API keys, which go into their new sandboxes as
 * environment. Values go in and never come out: every answer is {@code {"keys":[names]}}.
 */
final class KeyRoutes {
    static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    static final int MAX_VALUE_CHARS = 16 * 1024;
    static final int MAX_KEYS = 50;
    // Set by the sandbox itself, so a stored value would be overridden or would break it.
    private static final Set<String> RESERVED = Set.of("HOME", "USER", "LOGNAME", "SHELL", "PATH", "LANG", "TERM");

    /** The body of {@code PUT /api/keys}. */
    record PutKeys(Map<String, String> keys) {}

    private final UserVault vault;
    private final Identity identity;

    KeyRoutes(UserVault vault, Identity identity) {
        this.vault = vault;
        this.identity = identity;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/keys", ctx -> answer(ctx, identity.userOf(ctx)), Access.USER);
        routes.put("/api/keys", this::put, Access.USER);
        routes.delete("/api/keys/{name}", this::delete, Access.USER);
    }

    private void put(Context ctx) {
        String user = identity.userOf(ctx);
        PutKeys body = JsonBody.read(ctx, PutKeys.class, null);
        if (body == null || body.keys() == null) throw ApiException.badRequest("invalid_keys", "The body must be {\"keys\":{\"NAME\":\"value\"}}.");
        for (var entry : body.keys().entrySet()) validate(entry.getKey(), entry.getValue());
        Set<String> names = new HashSet<>(vault.keyNames(user));
        names.addAll(body.keys().keySet());
        if (names.size() > MAX_KEYS) {
            throw ApiException.badRequest("too_many_keys", "At most " + MAX_KEYS + " keys may be stored; delete some first.");
        }
        vault.putKeys(user, body.keys());
        answer(ctx, user);
    }

    private void delete(Context ctx) {
        String user = identity.userOf(ctx);
        String name = ctx.pathParam("name");
        if (!NAME.matcher(name).matches()) throw ApiException.badRequest("invalid_key_name", "Key names are A-Z, 0-9 and _, up to 64 characters.");
        if (!vault.deleteKey(user, name)) throw new ApiException(404, "key_not_found", "No stored key of that name.", null);
        answer(ctx, user);
    }

    private static void validate(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid_key_name", "Key names are A-Z, 0-9 and _, start with a letter or _, and have at most 64 characters.");
        }
        EnvironmentNames.refusal(name).ifPresent(why -> {
            throw ApiException.badRequest("refused_key_name", why + ".");
        });
        if (RESERVED.contains(name) || name.startsWith("REMOLT_")) {
            throw ApiException.badRequest("reserved_key_name", name + " is set by the sandbox itself and cannot be stored.");
        }
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_CHARS || value.indexOf('\0') >= 0) {
            throw ApiException.badRequest("invalid_key_value", "The value of " + name
                    + " must be 1 to " + MAX_VALUE_CHARS + " characters without NUL; DELETE /api/keys/" + name + " removes a key.");
        }
    }

    private void answer(Context ctx, String user) {
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("keys", List.copyOf(vault.keyNames(user))));
    }
}
