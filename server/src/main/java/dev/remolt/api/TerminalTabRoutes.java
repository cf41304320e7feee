package dev.remolt.api;

import dev.remolt.auth.Access;
import dev.remolt.terminal.TerminalTabs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code POST /api/sessions/{id}/terminals} opens a tab; {@code DELETE .../terminals/{n}} closes one. */
final class TerminalTabRoutes {
    private final SessionLookup lookup;
    private final TerminalTabs tabs;

    TerminalTabRoutes(SessionLookup lookup, TerminalTabs tabs) {
        this.lookup = lookup;
        this.tabs = tabs;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/sessions/{id}/terminals", ctx -> {
            String id = lookup.owned(ctx).id();
            ctx.json(Map.of("window", tabs.open(id), "terminals", tabs.list(id)));
        }, Access.USER);
        routes.delete("/api/sessions/{id}/terminals/{window}", ctx -> {
            String id = lookup.owned(ctx).id();
            tabs.close(id, windowOf(ctx));
            ctx.json(Map.of("terminals", tabs.list(id)));
        }, Access.USER);
    }

    private static int windowOf(Context ctx) {
        String value = ctx.pathParam("window");
        if (!value.matches("\\d{1,3}")) throw ApiException.badRequest("invalid_window", "A terminal is a number from 0 to 999.");
        return Integer.parseInt(value);
    }
}
