package dev.remolt.api;

import dev.remolt.apps.AppHosts;
import dev.remolt.auth.Access;
import dev.remolt.auth.Identity;
import dev.remolt.proxy.AnswerOrigin;
import dev.remolt.proxy.HttpProxy;
import dev.remolt.proxy.ProxyPaths;
import dev.remolt.proxy.WebSocketProxy;
import dev.remolt.session.Session;
import dev.remolt.session.SessionManager;
import dev.remolt.vscode.CodeServer;
import dev.remolt.vscode.VSCodeLaunches;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Optional;

/**
 * VS Code in the browser: {@code GET /api/sessions/{id}/vscode} starts code-server in the session's
 * sandbox and says how far it is; {@code /vscode/{id}/...} proxies HTTP and WebSocket to it, through
 * the same proxy as the dashboard, on code-server's fixed port on the sandbox's loopback.
 */
final class VSCodeRoutes {
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS};

    private final SessionLookup lookup;
    private final VSCodeLaunches launches;
    private final HttpProxy proxy;
    private final WebSocketProxy sockets;
    private final SessionManager sessions;
    private final Identity identity;
    private final Optional<AppRoutes> apps;

    /** @param apps app origins ({@code REMOLT_APPS_DOMAIN}): when present, VS Code opens on its own */
    VSCodeRoutes(SessionLookup lookup, VSCodeLaunches launches, HttpProxy proxy, WebSocketProxy sockets,
                 SessionManager sessions, Identity identity, Optional<AppRoutes> apps) {
        this.lookup = lookup;
        this.launches = launches;
        this.proxy = proxy;
        this.sockets = sockets;
        this.sessions = sessions;
        this.identity = identity;
        this.apps = apps;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/sessions/{id}/vscode", ctx -> ctx.json(launches.status(lookup.owned(ctx).id())), Access.USER);
        for (HandlerType method : METHODS) {
            // The router ignores trailing slashes: "/vscode/{id}" also matches "/vscode/{id}/".
            routes.addHttpHandler(method, "/vscode/{id}", this::forward, Access.USER);
            routes.addHttpHandler(method, "/vscode/{id}/<path>", this::forward, Access.USER);
        }
        routes.wsBeforeUpgrade("/vscode/{id}/<path>", ctx -> {
            upstreamPath(lookup.owned(ctx), ctx.req().getRequestURI(), ctx.queryString());
            sockets.refuseWhenFull(identity.userOf(ctx));
        });
        routes.ws("/vscode/{id}/<path>", ws -> {
            ws.onConnect(ctx -> {
                String user = identity.userOf(ctx);
                Session session = sessions.find(user, ctx.pathParam("id")).orElse(null);
                if (session == null) {
                    ctx.closeSession(4404, "session ended");
                    return;
                }
                var request = ctx.session.getUpgradeRequest();
                sockets.open(ctx, user, session.id(), CodeServer.PORT,
                        upstreamPath(session, request.getRequestURI().getRawPath(), ctx.queryString()),
                        forwardedHost(request.getHeader("Host")), CodeServer.MAX_WS_MESSAGE_BYTES);
            });
            ws.onMessage(ctx -> sockets.textFromBrowser(ctx.sessionId(), ctx.message()));
            ws.onBinaryMessage(ctx -> sockets.binaryFromBrowser(ctx.sessionId(), ctx.data()));
            ws.onClose(ctx -> sockets.close(ctx.sessionId()));
        }, Access.USER);
    }

    /**
     * code-server refuses a WebSocket whose Origin differs from the host it was asked for; the proxy
     * asks for 127.0.0.1:13337, so it is told the browser's host. Our own upgrade check has already
     * required that exact Origin.
     */
    private static Map<String, String> forwardedHost(String host) {
        return host == null || host.isBlank() ? Map.of() : Map.of("X-Forwarded-Host", host);
    }

    private static String upstreamPath(Session session, String rawUri, String query) {
        String prefix = "/vscode/" + session.id();
        try {
            return ProxyPaths.upstream(rawUri.substring(Math.min(prefix.length(), rawUri.length())), query);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_path", "That path cannot be proxied.");
        }
    }

    private void forward(Context ctx) throws Exception {
        Session session = lookup.owned(ctx);
        if (ctx.req().getRequestURI().equals("/vscode/" + session.id())) {
            // code-server's relative links need the trailing slash.
            ctx.redirect("/vscode/" + session.id() + "/");
            return;
        }
        String path = upstreamPath(session, ctx.req().getRequestURI(), ctx.queryString());
        if (apps.isPresent() && ctx.method() == HandlerType.GET) {
            // Its own origin keeps what runs in VS Code (webviews, extensions' pages) away from the API's.
            ctx.redirect(apps.get().linkTo(ctx, new AppHosts.App(session.id(), CodeServer.PORT), identity.userOf(ctx), path));
            return;
        }
        session.touch();
        // No opaque origin for code-server: it needs its own storage and service workers (README, "VS Code").
        proxy.forward(ctx, session.id(), CodeServer.PORT, path, forwardedHost(ctx.header("Host")), AnswerOrigin.API);
    }
}
