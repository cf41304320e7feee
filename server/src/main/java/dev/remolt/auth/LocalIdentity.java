package dev.remolt.auth;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.util.Optional;

/** Without GitHub sign-in there is one local user, who owns every session. */
public final class LocalIdentity implements Identity {
    public static final String USER = "local";

    @Override
    public Optional<String> signedIn(Context ctx) {
        return Optional.of(USER);
    }

    @Override
    public String userOf(WsContext ctx) {
        return USER;
    }

    @Override
    public boolean signInRequired() {
        return false;
    }
}
