package dev.remolt.auth;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

/** Tells who is calling; every session route uses it to check the owner. */
public interface Identity {
    String userOf(Context ctx);

    String userOf(WsContext ctx);
}
