package dev.remolt.api;

import dev.remolt.agents.AgentCatalog;
import dev.remolt.auth.Access;
import dev.remolt.auth.Identity;
import dev.remolt.session.CreateSessionRequest;
import dev.remolt.session.Session;
import dev.remolt.session.SessionManager;
import dev.remolt.terminal.TerminalTabs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /api/sessions}: create, list, look up and end the caller's sessions. */
final class SessionRoutes {
    private final SessionManager sessions;
    private final AgentCatalog agents;
    private final Identity identity;
    private final SessionLookup lookup;
    private final TerminalTabs tabs;

    private final boolean appOrigin;

    SessionRoutes(SessionManager sessions, AgentCatalog agents, Identity identity, SessionLookup lookup, TerminalTabs tabs,
                  boolean appOrigin) {
        this.appOrigin = appOrigin;
        this.sessions = sessions;
        this.agents = agents;
        this.identity = identity;
        this.lookup = lookup;
        this.tabs = tabs;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/sessions", this::create, Access.USER);
        routes.get("/api/sessions", ctx -> ctx.json(sessions.listOf(identity.userOf(ctx)).stream().map(this::view).toList()),
                Access.USER);
        routes.get("/api/sessions/{id}", ctx -> ctx.json(view(lookup.owned(ctx))), Access.USER);
        routes.delete("/api/sessions/{id}", this::delete, Access.USER);
    }

    private void create(Context ctx) {
        CreateSessionRequest request = JsonBody.read(ctx, CreateSessionRequest.class, CreateSessionRequest.EMPTY);
        Session session = sessions.create(identity.userOf(ctx), request);
        // A new session has exactly its first terminal: no need to ask tmux on the start path.
        ctx.json(view(session, List.of(0)));
    }

    private void delete(Context ctx) {
        Session session = lookup.owned(ctx);
        sessions.ensureStateSavable();
        sessions.end(session.id(), "user");
        ctx.json(Map.of("status", "terminated", "session_id", session.id()));
    }

    private SessionView view(Session session) {
        return view(session, tabs.list(session.id()));
    }

    private SessionView view(Session session, List<Integer> terminals) {
        return SessionView.of(session, agents.find(session.agentId()).flatMap(a -> a.dashboard()).isPresent(),
                terminals, appOrigin);
    }
}
