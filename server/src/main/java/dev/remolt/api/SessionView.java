package dev.remolt.api;

import dev.remolt.session.Session;
import java.util.List;

/** A session as the API shows it; field names as the reference's front end reads them. */
record SessionView(
        String sessionId,
        String status,
        String wsUrl,
        String agentType,
        String proxyUrl,
        String vscodeUrl,
        String logsWsUrl,
        List<Integer> terminals,
        long created,
        boolean appOrigin) {

    /** {@code appOrigin}: apps open on their own origin (REMOLT_APPS_DOMAIN), in a tab of their own. */
    static SessionView of(Session s, boolean hasDashboard, List<Integer> terminals, boolean appOrigin) {
        return new SessionView(s.id(), s.state().apiName(), "/ws/terminal/" + s.id(), s.agentId(),
                hasDashboard ? "/proxy/" + s.id() + "/" : null, "/vscode/" + s.id() + "/",
                "/ws/logs/" + s.id(), terminals, s.created().getEpochSecond(), appOrigin);
    }
}
