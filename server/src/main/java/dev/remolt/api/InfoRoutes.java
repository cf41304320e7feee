package dev.remolt.api;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.auth.Access;
import dev.remolt.sandbox.BuildProgress;
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

    private final BuildProgress progress;

    InfoRoutes(SessionManager sessions, SandboxRuntime runtime, AgentCatalog agents, BuildProgress progress) {
        this.progress = progress;
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
        // While a launch waits on an image build, the page shows the build's current step.
        routes.get("/api/build-progress", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("step", progress.current().orElse(null));
            ctx.json(body);
        }, Access.USER);
    }
}
