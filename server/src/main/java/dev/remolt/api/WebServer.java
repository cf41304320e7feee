package dev.remolt.api;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.apps.AppHostRewrite;
import dev.remolt.apps.AppHosts;
import dev.remolt.apps.AppTokens;
import dev.remolt.auth.Identity;
import dev.remolt.auth.SignIn;
import dev.remolt.config.Config;
import dev.remolt.files.ArchiveLimits;
import dev.remolt.files.WorkspaceTransfer;
import dev.remolt.health.Readiness;
import dev.remolt.logs.LogSocket;
import dev.remolt.proxy.HttpProxy;
import dev.remolt.proxy.WebSocketProxy;
import dev.remolt.sandbox.BuildProgress;
import dev.remolt.secrets.PrivateFiles;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.Session;
import dev.remolt.session.SessionManager;
import dev.remolt.terminal.TerminalSocket;
import dev.remolt.terminal.TerminalTabs;
import dev.remolt.terminal.UserSockets;
import dev.remolt.sandbox.local.LocalSandboxRuntime;
import dev.remolt.vscode.CodeServer;
import dev.remolt.vscode.CodeServerInstall;
import dev.remolt.vscode.VSCodeLaunches;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import io.javalin.websocket.WsHandlerEntry;
import io.javalin.websocket.WsHandlerType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** The HTTP and WebSocket server: Javalin on Jetty, virtual threads, every route in one place. */
public final class WebServer {
    static final long MAX_REQUEST_BYTES = 1024 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final long MAX_WS_MESSAGE_BYTES = 64 * 1024;

    private final Javalin app;
    private ServletContextHandler servletContext;

    public WebServer(Config config, SessionManager sessions, SandboxRuntime runtime, AgentCatalog agents,
                     SignIn signIn, TerminalSocket terminal, TerminalTabs tabs, BuildProgress progress,
                     UserSockets userSockets) throws IOException {
        Identity identity = signIn.identity();
        Consumer<String> activity = id -> sessions.find(id).ifPresent(Session::touch);
        HttpProxy httpProxy = new HttpProxy(runtime, activity);
        WebSocketProxy socketProxy = new WebSocketProxy(runtime, activity, userSockets);
        Optional<AppHosts> appHosts = config.appsDomain().map(AppHosts::new);
        AppTokens appTokens = new AppTokens(PrivateFiles.keyFile(config.dataDir().resolve("apps.key")), signIn.signOuts());
        this.app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            c.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Uploads stream to disk, never into memory; their content is checked entry by entry later.
            c.jetty.multipartConfig.maxFileSize(512, SizeUnit.MB);
            c.jetty.multipartConfig.maxTotalRequestSize(513, SizeUnit.MB);
            c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            c.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setSendServerVersion(false);
            });
            c.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxTextMessageSize(MAX_WS_MESSAGE_BYTES);
                ws.setMaxBinaryMessageSize(MAX_WS_MESSAGE_BYTES);
                ws.setIdleTimeout(Duration.ofMinutes(10));
            });
            c.jetty.modifyServletContextHandler(context -> {
                NoServletSessions.install(context);
                servletContext = context;
            });
            SinglePageApp.configure(c, config.staticDir());
            ErrorMapping.register(c.routes);
            new WebSecurity(identity, new OriginPolicy(config.publicUrl(), config.appsDomain())).register(c.routes);
            new AuthRoutes(signIn).register(c.routes);
            new KeyRoutes(signIn.vault(), identity).register(c.routes);
            new InfoRoutes(agents, progress).register(c.routes);
            new HealthRoutes(sessions, runtime, new Readiness(runtime, config.sessionsFile())).register(c.routes);
            SessionLookup lookup = new SessionLookup(sessions, identity);
            new SessionRoutes(sessions, agents, identity, lookup, tabs, appHosts.isPresent()).register(c.routes);
            new TerminalTabRoutes(lookup, tabs).register(c.routes);
            Optional<AppRoutes> apps = appHosts.map(hosts -> new AppRoutes(hosts, appTokens, lookup, sessions, agents,
                    identity, httpProxy, socketProxy,
                    config.vscode() ? Map.of(CodeServer.PORT, CodeServer.MAX_WS_MESSAGE_BYTES) : Map.of()));
            apps.ifPresent(routes -> routes.register(c.routes));
            // App origins get their whole path space: their requests are mapped onto /apps/... before routing.
            appHosts.ifPresent(hosts -> c.jetty.modifyServer(server ->
                    server.setHandler(new AppHostRewrite(hosts, server.getHandler()))));
            new ProxyRoutes(lookup, agents, httpProxy, socketProxy, sessions, identity, runtime, apps).register(c.routes);
            if (config.vscode()) {
                VSCodeLaunches launches = new VSCodeLaunches(runtime, new CodeServerInstall(config.toolsDir()),
                        runtime instanceof LocalSandboxRuntime);
                sessions.addListener(launches);
                new VSCodeRoutes(lookup, launches, httpProxy, socketProxy, sessions, identity, apps).register(c.routes);
            }
            new WorkspaceRoutes(lookup, new WorkspaceTransfer(runtime, ArchiveLimits.DEFAULT)).register(c.routes);
            terminal.register(c.routes);
            new LogSocket(sessions, runtime, identity, userSockets).register(c.routes);
            new MetricsRoutes(sessions, runtime, terminal, config.metricsToken(), identity).register(c.routes);
        });
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    /** Every HTTP and WebSocket route with its declared access; what the deny-by-default test walks. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            Endpoint endpoint = parsed.endpoint;
            if (!endpoint.method.isHttpMethod()) continue;
            Roles roles = endpoint.metadata(Roles.class);
            routes.add(new Route(endpoint.method.name(), endpoint.path, roles == null ? Set.of() : roles.getRoles()));
        }
        for (WsHandlerEntry entry : app.unsafe.internalRouter.allWsHandlers()) {
            if (entry.getType() == WsHandlerType.WEBSOCKET) routes.add(new Route("WS", entry.getPath(), entry.getRoles()));
        }
        return routes;
    }

    /** Servlet sessions held in memory: none, ever (see {@link NoServletSessions}). */
    public long servletSessionsHeld() {
        return NoServletSessions.held(servletContext);
    }

    /** One route: {@code GET}, {@code POST}, ... or {@code WS}, its path pattern, and its declared roles. */
    public record Route(String method, String path, Set<RouteRole> roles) {}

    public void stop() {
        app.stop();
    }
}
