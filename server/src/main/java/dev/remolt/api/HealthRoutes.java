package dev.remolt.api;

import dev.remolt.BuildInfo;
import dev.remolt.auth.Access;
import dev.remolt.health.Readiness;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.SessionManager;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health} (liveness, the seed's answer plus the build) and {@code GET /health/ready} (readiness). */
final class HealthRoutes {
    private final SessionManager sessions;
    private final SandboxRuntime runtime;
    private final Readiness readiness;

    HealthRoutes(SessionManager sessions, SandboxRuntime runtime, Readiness readiness) {
        this.sessions = sessions;
        this.runtime = runtime;
        this.readiness = readiness;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("sessions", sessions.activeCount());
            body.put("runtime", runtime.name());
            body.put("version", BuildInfo.current().version());
            body.put("commit", BuildInfo.current().commit());
            ctx.json(body);
        }, Access.PUBLIC);
        routes.get("/health/ready", ctx -> {
            readiness.problem().ifPresent(problem -> {
                throw new ApiException(503, "not_ready", "Not ready: " + problem + ".", null);
            });
            ctx.json(Map.of("status", "ready"));
        }, Access.PUBLIC);
    }
}
