package dev.remolt.api;

import dev.remolt.agents.Agent;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.apps.AppHostRewrite;
import dev.remolt.apps.AppHosts;
import dev.remolt.apps.AppTokens;
import dev.remolt.apps.UsedLinks;
import dev.remolt.auth.Access;
import dev.remolt.auth.Identity;
import dev.remolt.auth.SafeRedirect;
import dev.remolt.auth.SetCookie;
import dev.remolt.proxy.AnswerOrigin;
import dev.remolt.proxy.HttpProxy;
import dev.remolt.proxy.ProxyPaths;
import dev.remolt.proxy.WebSocketProxy;
import dev.remolt.session.Session;
import dev.remolt.session.SessionManager;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Apps on their own origins ({@code REMOLT_APPS_DOMAIN}). The workspace asks for a one-minute link;
 * the app origin trades it for its own cookie, then every request and socket on that origin is
 * proxied to the app. Public to the router: these routes check their own link or cookie, and
 * answer only requests that arrived on an app origin.
 */
final class AppRoutes {
    static final String COOKIE = "remolt_app";
    static final String ENTER = "/.remolt/enter";
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS};

    private final AppHosts hosts;
    private final AppTokens tokens;
    private final SessionLookup lookup;
    private final SessionManager sessions;
    private final AgentCatalog agents;
    private final Identity identity;
    private final HttpProxy proxy;
    private final WebSocketProxy sockets;
    private final Map<Integer, Integer> builtInApps;
    private final UsedLinks usedLinks = new UsedLinks();

    /**
     * @param builtInApps apps the server itself runs in every sandbox (code-server), beside the
     *     agent's declared ones: port to the largest WebSocket message its protocol needs
     */
    AppRoutes(AppHosts hosts, AppTokens tokens, SessionLookup lookup, SessionManager sessions, AgentCatalog agents,
              Identity identity, HttpProxy proxy, WebSocketProxy sockets, Map<Integer, Integer> builtInApps) {
        this.hosts = hosts;
        this.tokens = tokens;
        this.lookup = lookup;
        this.sessions = sessions;
        this.agents = agents;
        this.identity = identity;
        this.proxy = proxy;
        this.sockets = sockets;
        this.builtInApps = Map.copyOf(builtInApps);
    }

    void register(RoutesConfig routes) {
        routes.get("/api/sessions/{id}/apps/{port}", this::link, Access.USER);
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, "/apps/{id}/{port}", this::serve, Access.PUBLIC);
            routes.addHttpHandler(method, "/apps/{id}/{port}/<path>", this::serve, Access.PUBLIC);
        }
        routes.wsBeforeUpgrade("/apps/{id}/{port}/<path>", ctx -> {
            AppTokens.Grant grant = grantOf(appOf(ctx), ctx.cookie(new SetCookie("https".equals(ctx.scheme())).name(COOKIE)));
            sockets.refuseWhenFull(grant.user());
        });
        routes.ws("/apps/{id}/{port}/<path>", ws -> {
            ws.onConnect(ctx -> {
                var app = hosts.parse(ctx.header("Host")).orElse(null);
                // The same cookie name as the upgrade was checked with: __Host-remolt_app under https.
                String cookie = ctx.cookie(new SetCookie(ctx.session.getUpgradeRequest().isSecure()).name(COOKIE));
                var grant = app == null ? Optional.<AppTokens.Grant>empty() : tokens.verify("cookie", cookie, app, Instant.now());
                if (grant.isEmpty() || sessions.find(grant.get().user(), app.sessionId()).isEmpty()) {
                    ctx.closeSession(4404, "the app's session ended");
                    return;
                }
                String raw = ctx.session.getUpgradeRequest().getRequestURI().getRawPath();
                sockets.open(ctx, grant.get().user(), app.sessionId(), app.port(), ProxyPaths.upstream(raw, ctx.queryString()),
                        upstreamHeaders(sessions.find(app.sessionId()).orElseThrow(), app.port(), ctx.header("Host")),
                        builtInApps.getOrDefault(app.port(), WebSocketProxy.MAX_MESSAGE));
            });
            ws.onMessage(ctx -> sockets.textFromBrowser(ctx.sessionId(), ctx.message()));
            ws.onBinaryMessage(ctx -> sockets.binaryFromBrowser(ctx.sessionId(), ctx.data()));
            ws.onClose(ctx -> sockets.close(ctx.sessionId()));
        }, Access.PUBLIC);
    }

    /** {@code GET /api/sessions/{id}/apps/{port}}: a one-minute link that opens the app on its own origin. */
    private void link(Context ctx) {
        Session session = lookup.owned(ctx);
        AppHosts.App app = new AppHosts.App(session.id(), portOf(ctx));
        requireDeclared(session, app.port());
        ctx.json(Map.of("url", linkTo(ctx, app, identity.userOf(ctx), "/")));
    }

    /** The link form, also used by {@code /proxy/{id}/...} to send the browser to the app's own origin. */
    String linkTo(Context ctx, AppHosts.App app, String user, String next) {
        String token = tokens.issue("link", user, app, AppTokens.LINK_LIFETIME, Instant.now());
        return hosts.origin(app, ctx.scheme(), ctx.port()) + ENTER + "?token=" + token
                + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }

    private void serve(Context ctx) throws Exception {
        AppHosts.App app = appOf(ctx);
        String rest = ctx.req().getRequestURI().substring(("/apps/" + app.sessionId() + "/" + app.port()).length());
        SetCookie cookies = new SetCookie("https".equals(ctx.scheme()));
        if (rest.equals(ENTER)) {
            AppTokens.Grant grant = tokens.verify("link", ctx.queryParam("token"), app, Instant.now())
                    .orElseThrow(() -> new ApiException(403, "bad_link", "This link expired or is not valid; open the app again from your workspace.", null));
            requireOwned(grant, app);
            if (!usedLinks.redeem(grant.id(), grant.expires(), Instant.now())) {
                throw new ApiException(403, "bad_link", "This link was already used; open the app again from your workspace.", null);
            }
            ctx.header("Set-Cookie", cookies.header(COOKIE, tokens.issue("cookie", grant.user(), app, AppTokens.COOKIE_LIFETIME,
                    Instant.now()), AppTokens.COOKIE_LIFETIME));
            ctx.redirect(SafeRedirect.target(ctx.queryParam("next")));
            return;
        }
        AppTokens.Grant grant = grantOf(app, ctx.cookie(cookies.name(COOKIE)));
        Session session = requireOwned(grant, app);
        String path;
        try {
            path = ProxyPaths.upstream(rest.isEmpty() ? "/" : rest, ctx.queryString());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_path", "That path cannot be proxied.");
        }
        // Its own origin is this app's isolation: no sandboxing CSP, so its storage and workers work.
        proxy.forward(ctx, session.id(), app.port(), path, upstreamHeaders(session, app.port(), ctx.header("Host")), AnswerOrigin.OWN);
    }

    private AppHosts.App appOf(Context ctx) {
        Object attribute = ctx.attribute(AppHostRewrite.ATTRIBUTE);
        if (!(attribute instanceof AppHosts.App app)) throw new ApiException(404, "not_found", "No such route.", null);
        return app;
    }

    private AppTokens.Grant grantOf(AppHosts.App app, String cookie) {
        return tokens.verify("cookie", cookie, app, Instant.now())
                .orElseThrow(() -> new ApiException(401, "unauthorized", "Open this app from your Remolt workspace.", null));
    }

    private Session requireOwned(AppTokens.Grant grant, AppHosts.App app) {
        Session session = sessions.find(grant.user(), app.sessionId()).orElseThrow(ApiException::sessionNotFound);
        requireDeclared(session, app.port());
        return session;
    }

    private void requireDeclared(Session session, int port) {
        boolean declared = builtInApps.containsKey(port) || agents.find(session.agentId()).map(a -> a.ports().stream().anyMatch(p -> p.port() == port)).orElse(false);
        if (!declared) throw new ApiException(404, "no_such_app", "This session's agent declares no app on port " + port + ".", null);
    }

    /**
     * The dashboard's token from agent.json, and the app origin's host: the proxy asks for the
     * sandbox's loopback, and apps that check a WebSocket's Origin against their host (code-server
     * does) must be told the host the browser used.
     */
    private Map<String, String> upstreamHeaders(Session session, int port, String host) {
        Map<String, String> headers = new HashMap<>();
        agents.find(session.agentId()).flatMap(a -> a.ports().stream().filter(p -> p.port() == port).findFirst())
                .map(Agent.Port::authToken).filter(t -> !t.isBlank())
                .ifPresent(t -> headers.put("Authorization", "Bearer " + t));
        if (host != null && !host.isBlank()) headers.put("X-Forwarded-Host", host);
        return headers;
    }

    private static int portOf(Context ctx) {
        String value = ctx.pathParam("port");
        if (!value.matches("\\d{1,5}")) throw ApiException.badRequest("invalid_port", "A port is a number.");
        return Integer.parseInt(value);
    }
}
