package dev.remolt.api;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.auth.Identity;
import dev.remolt.config.Config;
import dev.remolt.files.ArchiveLimits;
import dev.remolt.files.WorkspaceTransfer;
import dev.remolt.logs.LogSocket;
import dev.remolt.proxy.HttpProxy;
import dev.remolt.proxy.WebSocketProxy;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.SessionManager;
import dev.remolt.terminal.TerminalSocket;
import dev.remolt.terminal.TerminalTabs;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import java.time.Duration;

/** The HTTP and WebSocket server: Javalin on Jetty, virtual threads, every route in one place. */
public final class WebServer {
    static final long MAX_REQUEST_BYTES = 1024 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final long MAX_WS_MESSAGE_BYTES = 64 * 1024;

    private final Javalin app;

    public WebServer(Config config, SessionManager sessions, SandboxRuntime runtime, AgentCatalog agents,
                     Identity identity, TerminalSocket terminal, TerminalTabs tabs) {
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
            SinglePageApp.configure(c, config.staticDir());
            ErrorMapping.register(c.routes);
            new InfoRoutes(sessions, runtime, agents).register(c.routes);
            SessionLookup lookup = new SessionLookup(sessions, identity);
            new SessionRoutes(sessions, agents, identity, lookup, tabs).register(c.routes);
            new TerminalTabRoutes(lookup, tabs).register(c.routes);
            new ProxyRoutes(lookup, agents, new HttpProxy(runtime), new WebSocketProxy(runtime), sessions, identity)
                    .register(c.routes);
            new WorkspaceRoutes(lookup, new WorkspaceTransfer(runtime, ArchiveLimits.DEFAULT)).register(c.routes);
            terminal.register(c.routes);
            new LogSocket(sessions, runtime, identity).register(c.routes);
            new MetricsRoutes(sessions, runtime, terminal, config.metricsToken()).register(c.routes);
        });
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
