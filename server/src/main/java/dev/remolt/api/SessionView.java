package dev.remolt.api;

import dev.remolt.session.Session;

/** A session as the API shows it; field names as the reference's front end reads them. */
record SessionView(
        String sessionId,
        String status,
        String wsUrl,
        String agentType,
        String proxyUrl,
        String vscodeUrl,
        String logsWsUrl,
        int terminals,
        long created) {

    static SessionView of(Session s, boolean hasDashboard) {
        return new SessionView(s.id(), s.state().apiName(), "/ws/terminal/" + s.id(), s.agentId(),
                hasDashboard ? "/proxy/" + s.id() + "/" : null, "/vscode/" + s.id() + "/",
                "/ws/logs/" + s.id(), 1, s.created().getEpochSecond());
    }
}
