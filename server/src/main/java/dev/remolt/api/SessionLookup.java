package dev.remolt.api;

import dev.remolt.auth.Identity;
import dev.remolt.session.Session;
import dev.remolt.session.SessionIds;
import dev.remolt.session.SessionManager;
import io.javalin.http.Context;

/** Finds the session named in the path for its owner: 400 when malformed, the same 404 when missing or not theirs. */
final class SessionLookup {
    private final SessionManager sessions;
    private final Identity identity;

    SessionLookup(SessionManager sessions, Identity identity) {
        this.sessions = sessions;
        this.identity = identity;
    }

    Session owned(Context ctx) {
        String id = ctx.pathParam("id");
        if (!SessionIds.isWellFormed(id)) throw ApiException.badRequest("invalid_session_id", "Malformed session id.");
        return sessions.find(identity.userOf(ctx), id).orElseThrow(ApiException::sessionNotFound);
    }
}
