package dev.remolt.auth;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

/** Without GitHub sign-in there is one local user, who owns every session. */
public final class LocalIdentity implements Identity {
    public static final String USER = "local";

    @Override
    public String userOf(Context ctx) {
        return USER;
    }

    @Override
    public String userOf(WsContext ctx) {
        return USER;
    }
}
