package dev.remolt.api;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.auth.Access;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.SessionManager;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health} and {@code GET /api/agents}. */
final class InfoRoutes {
    private final SessionManager sessions;
    private final SandboxRuntime runtime;
    private final AgentCatalog agents;

    InfoRoutes(SessionManager sessions, SandboxRuntime runtime, AgentCatalog agents) {
        this.sessions = sessions;
        this.runtime = runtime;
        this.agents = agents;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("sessions", sessions.activeCount());
            body.put("runtime", runtime.name());
            ctx.json(body);
        }, Access.PUBLIC);
        routes.get("/api/agents", ctx -> ctx.json(agents.all().stream().map(AgentView::of).toList()), Access.USER);
    }
}
