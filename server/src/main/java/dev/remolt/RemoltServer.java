package dev.remolt;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.api.WebServer;
import dev.remolt.auth.SignIn;
import dev.remolt.config.Config;
import dev.remolt.events.EventLog;
import dev.remolt.sandbox.BuildProgress;
import dev.remolt.sandbox.RuntimeDetector;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.docker.DockerSandboxRuntime;
import dev.remolt.sandbox.docker.DockerSettings;
import dev.remolt.sandbox.kubernetes.KubernetesSandboxRuntime;
import dev.remolt.sandbox.local.LocalSandboxRuntime;
import dev.remolt.session.AttachAhead;
import dev.remolt.session.Session;
import dev.remolt.session.SessionManager;
import dev.remolt.session.SessionReaper;
import dev.remolt.session.SessionRecovery;
import dev.remolt.session.SessionStore;
import dev.remolt.session.WarmPool;
import dev.remolt.secrets.PrivateFiles;
import dev.remolt.terminal.TerminalSocket;
import dev.remolt.terminal.UserSockets;
import dev.remolt.terminal.TerminalTabs;
import java.util.stream.Collectors;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole server, wired from a {@link Config}: what {@code Main} runs and what tests start on port 0. */
public final class RemoltServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoltServer.class);

    private final EventLog events;
    private final SandboxRuntime runtime;
    private final SessionReaper reaper;
    private final WarmPool pool;
    private final AttachAhead attachAhead;
    private final WebServer web;
    private final int port;
    private boolean closed;

    private RemoltServer(Config config) throws Exception {
        RuntimeDetector.Detection detection = RuntimeDetector.detect(config.runtime());
        log.info("runtime: {} ({})", detection.runtime().name().toLowerCase(), detection.reason());
        PrivateFiles.createFolders(config.dataDir());
        this.events = new EventLog(System.out, config.eventsLog());
        this.runtime = switch (detection.runtime()) {
            case DOCKER -> new DockerSandboxRuntime(DockerSettings.from(config));
            case KUBERNETES -> KubernetesSandboxRuntime.connect(config.namespace(), config.imagePrefix(),
                    Duration.ofSeconds(config.podStartTimeoutSeconds()));
            default -> new LocalSandboxRuntime(config.dataDir(), config.localNetwork(), config.egressAllow(),
                    config.toolsDir());
        };
        AgentCatalog agents = AgentCatalog.load(config.agentsDir());
        BuildProgress progress = new BuildProgress();
        if (runtime instanceof DockerSandboxRuntime docker) {
            docker.onBuildProgress(progress::report);
            docker.prepareInBackground(agents.all());
        }
        if (runtime instanceof LocalSandboxRuntime local) local.onInstallProgress(progress::report);
        SessionStore store = new SessionStore(config.sessionsFile());
        this.attachAhead = new AttachAhead(runtime);
        this.pool = new WarmPool(runtime, agents, config.warmPool(), attachAhead);
        SignIn signIn = SignIn.from(config);
        log.info("sign-in: {}", config.authEnabled() ? "GitHub OAuth at " + config.githubBaseUrl() : "off (one local user)");
        SessionManager sessions = new SessionManager(runtime, agents, store, events,
                new SessionManager.Limits(config.maxSessions(), config.maxSessionsPerUser()), pool, signIn.credentials());
        sessions.addListener(attachAhead);
        SessionRecovery.run(sessions, store, agents);
        pool.start(runtime.list(), sessions.all().stream().map(Session::id).collect(Collectors.toSet()));
        this.reaper = new SessionReaper(sessions, config.maxIdleSeconds(), config.cleanupIntervalSeconds());
        TerminalTabs tabs = new TerminalTabs(runtime, config.maxTerminals());
        UserSockets userSockets = new UserSockets(config.maxConnectionsPerUser());
        signIn.signOuts().onSignOut(userSockets::signedOut);
        TerminalSocket terminal = new TerminalSocket(sessions, runtime, events, signIn.identity(), tabs, userSockets, attachAhead);
        this.web = new WebServer(config, sessions, runtime, agents, signIn, terminal, tabs, progress, userSockets);
        this.port = web.start(config.host(), config.port());
        log.info("listening on http://{}:{}", config.host(), port);
        events.emit("server.started", "max_sessions", config.maxSessions(), "max_idle_s", config.maxIdleSeconds(),
                "runtime", runtime.name(), "port", port);
    }

    public static RemoltServer start(Config config) throws Exception {
        return new RemoltServer(config);
    }

    public int port() {
        return port;
    }

    public WebServer web() {
        return web;
    }

    public SandboxRuntime runtime() {
        return runtime;
    }

    public WarmPool pool() {
        return pool;
    }

    /** Stops serving; sandboxes keep running, to be adopted by the next start. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        reaper.close();
        pool.close();
        attachAhead.closeAll();
        web.stop();
        events.emit("server.stopped");
    }
}
