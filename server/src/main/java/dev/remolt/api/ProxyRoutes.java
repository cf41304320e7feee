package dev.remolt.api;

import dev.remolt.auth.Access;
import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.apps.AppHosts;
import dev.remolt.auth.Identity;
import dev.remolt.proxy.AnswerOrigin;
import dev.remolt.proxy.HttpProxy;
import dev.remolt.proxy.PortProbe;
import dev.remolt.proxy.ProxyPaths;
import dev.remolt.proxy.WebSocketProxy;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.Session;
import dev.remolt.session.SessionManager;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /proxy/{id}/...} over HTTP and WebSocket: the agent's dashboard, from the port its agent.json declares. The
 * target comes only from the session record and the agent file, never from the request.
 * {@code GET /api/sessions/{id}/dashboard} says whether its health check answers yet.
 */
final class ProxyRoutes {
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS};

    private final SessionLookup lookup;
    private final AgentCatalog agents;
    private final HttpProxy proxy;
    private final WebSocketProxy sockets;
    private final Identity identity;
    private final SessionManager sessions;
    private final SandboxRuntime runtime;
    private final Optional<AppRoutes> apps;

    ProxyRoutes(SessionLookup lookup, AgentCatalog agents, HttpProxy proxy, WebSocketProxy sockets,
                SessionManager sessions, Identity identity, SandboxRuntime runtime, Optional<AppRoutes> apps) {
        this.runtime = runtime;
        this.apps = apps;
        this.lookup = lookup;
        this.agents = agents;
        this.proxy = proxy;
        this.sockets = sockets;
        this.sessions = sessions;
        this.identity = identity;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/sessions/{id}/dashboard", this::health, Access.USER);
        for (HandlerType method : METHODS) {
            // The router ignores trailing slashes: "/proxy/{id}" also matches "/proxy/{id}/".
            routes.addHttpHandler(method, "/proxy/{id}", this::forward, Access.USER);
            routes.addHttpHandler(method, "/proxy/{id}/<path>", this::forward, Access.USER);
        }
        routes.wsBeforeUpgrade("/proxy/{id}/<path>", ctx -> {
            target(lookup.owned(ctx), ctx.req().getRequestURI(), ctx.queryString());
            sockets.refuseWhenFull(identity.userOf(ctx));
        });
        routes.ws("/proxy/{id}/<path>", ws -> {
            ws.onConnect(ctx -> {
                String user = identity.userOf(ctx);
                Session session = sessions.find(user, ctx.pathParam("id")).orElse(null);
                if (session == null) {
                    ctx.closeSession(4404, "session ended");
                    return;
                }
                Target target = target(session, ctx.session.getUpgradeRequest().getRequestURI().getRawPath(), ctx.queryString());
                sockets.open(ctx, user, session.id(), target.port().port(), target.path(), target.headers());
            });
            ws.onMessage(ctx -> sockets.textFromBrowser(ctx.sessionId(), ctx.message()));
            ws.onBinaryMessage(ctx -> sockets.binaryFromBrowser(ctx.sessionId(), ctx.data()));
            ws.onClose(ctx -> sockets.close(ctx.sessionId()));
        }, Access.USER);
    }

    /** Where a proxied request goes: the agent's declared port, the checked path, the dashboard's token. */
    private record Target(Agent.Port port, String path, Map<String, String> headers) {}

    private Agent.Port dashboardOf(Session session) {
        return agents.find(session.agentId()).flatMap(Agent::dashboard)
                .orElseThrow(() -> new ApiException(404, "no_dashboard", "This session's agent has no dashboard.", null));
    }

    /**
     * The dashboard's health check from agent.json, asked through the sandbox like a proxied request,
     * in the shape of the VS Code status so the page waits on both alike. Asking is not activity:
     * a tab left waiting must not keep an idle session alive.
     */
    private void health(Context ctx) throws SandboxException {
        Session session = lookup.owned(ctx);
        Agent.Port dashboard = dashboardOf(session);
        int status = PortProbe.status(runtime, session.id(), dashboard.port(), dashboard.healthCheck());
        String check = "GET " + dashboard.healthCheck() + " on port " + dashboard.port();
        if (status >= 200 && status < 400) {
            ctx.json(Map.of("state", "ready", "message", dashboard.label() + " answers (" + check + ": " + status + ")."));
        } else {
            ctx.json(Map.of("state", "starting", "message", "Waiting for " + dashboard.label() + " to start ("
                    + check + ": " + (status == PortProbe.NO_ANSWER ? "nothing answers yet" : "answered " + status) + ")."));
        }
    }

    private Target target(Session session, String rawUri, String query) {
        Agent.Port dashboard = dashboardOf(session);
        String prefix = "/proxy/" + session.id();
        String path;
        try {
            path = ProxyPaths.upstream(rawUri.substring(Math.min(prefix.length(), rawUri.length())), query);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_path", "That path cannot be proxied.");
        }
        Map<String, String> added = new HashMap<>();
        if (dashboard.authToken() != null && !dashboard.authToken().isBlank()) {
            // The dashboard's own token, from agent.json: the user is never asked for it.
            added.put("Authorization", "Bearer " + dashboard.authToken());
        }
        return new Target(dashboard, path, added);
    }

    private void forward(Context ctx) throws Exception {
        Session session = lookup.owned(ctx);
        if (ctx.req().getRequestURI().equals("/proxy/" + session.id())) {
            // The app's relative links need the trailing slash.
            ctx.redirect("/proxy/" + session.id() + "/");
            return;
        }
        Target target = target(session, ctx.req().getRequestURI(), ctx.queryString());
        if (apps.isPresent() && ctx.method() == HandlerType.GET) {
            // With REMOLT_APPS_DOMAIN the app lives on its own origin: send the browser there.
            ctx.redirect(apps.get().linkTo(ctx, new AppHosts.App(session.id(), target.port().port()),
                    identity.userOf(ctx), target.path()));
            return;
        }
        proxy.forward(ctx, session.id(), target.port().port(), target.path(), target.headers(),
                AnswerOrigin.API_SANDBOXED);
    }
}
