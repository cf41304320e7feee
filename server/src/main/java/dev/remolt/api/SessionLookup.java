package dev.remolt.api;

import dev.remolt.auth.Identity;
import dev.remolt.session.Session;
import dev.remolt.session.SessionIds;
import dev.remolt.session.SessionManager;
import io.javalin.http.Context;

/** Finds the session named in the path for its owner: the same 404 when malformed, missing or not theirs. */
final class SessionLookup {
    private final SessionManager sessions;
    private final Identity identity;

    SessionLookup(SessionManager sessions, Identity identity) {
        this.sessions = sessions;
        this.identity = identity;
    }

    Session owned(Context ctx) {
        String id = ctx.pathParam("id");
        // Reference clients treat any unknown id, whatever its shape, as gone: 404 like a missing one.
        if (!SessionIds.isWellFormed(id)) throw ApiException.sessionNotFound();
        return sessions.find(identity.userOf(ctx), id).orElseThrow(ApiException::sessionNotFound);
    }
}
