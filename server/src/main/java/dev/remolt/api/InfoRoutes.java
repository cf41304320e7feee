package dev.remolt.api;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.auth.Access;
import dev.remolt.sandbox.BuildProgress;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/agents} and {@code GET /api/build-progress}. */
final class InfoRoutes {
    private final AgentCatalog agents;

    private final BuildProgress progress;

    InfoRoutes(AgentCatalog agents, BuildProgress progress) {
        this.progress = progress;
        this.agents = agents;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/agents", ctx -> ctx.json(agents.all().stream().map(AgentView::of).toList()), Access.USER);
        // While a launch waits on an image build, the page shows the build's current step.
        routes.get("/api/build-progress", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("step", progress.current().orElse(null));
            ctx.json(body);
        }, Access.USER);
    }
}
