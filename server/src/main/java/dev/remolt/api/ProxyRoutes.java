package dev.remolt.api;

import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.proxy.HttpProxy;
import dev.remolt.proxy.ProxyPaths;
import dev.remolt.session.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /proxy/{id}/...}: the agent's dashboard, from the port its agent.json declares. The
 * target comes only from the session record and the agent file, never from the request.
 */
final class ProxyRoutes {
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS};

    private final SessionLookup lookup;
    private final AgentCatalog agents;
    private final HttpProxy proxy;

    ProxyRoutes(SessionLookup lookup, AgentCatalog agents, HttpProxy proxy) {
        this.lookup = lookup;
        this.agents = agents;
        this.proxy = proxy;
    }

    void register(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            // The router ignores trailing slashes: "/proxy/{id}" also matches "/proxy/{id}/".
            routes.addHttpHandler(method, "/proxy/{id}", this::forward);
            routes.addHttpHandler(method, "/proxy/{id}/<path>", this::forward);
        }
    }

    private void forward(Context ctx) throws Exception {
        Session session = lookup.owned(ctx);
        if (ctx.req().getRequestURI().equals("/proxy/" + session.id())) {
            // The app's relative links need the trailing slash.
            ctx.redirect("/proxy/" + session.id() + "/");
            return;
        }
        Agent.Port dashboard = agents.find(session.agentId()).flatMap(Agent::dashboard)
                .orElseThrow(() -> new ApiException(404, "no_dashboard", "This session's agent has no dashboard.", null));
        String prefix = "/proxy/" + session.id();
        String raw = ctx.req().getRequestURI();
        String path;
        try {
            path = ProxyPaths.upstream(raw.substring(prefix.length()), ctx.queryString());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_path", "That path cannot be proxied.");
        }
        Map<String, String> added = new HashMap<>();
        if (dashboard.authToken() != null && !dashboard.authToken().isBlank()) {
            // The dashboard's own token, from agent.json: the user is never asked for it.
            added.put("Authorization", "Bearer " + dashboard.authToken());
        }
        proxy.forward(ctx, session.id(), dashboard.port(), path, added);
    }
}
