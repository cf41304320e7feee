package dev.remolt.auth;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.util.Optional;

/** Tells who is calling; every session route uses it to check the owner. */
public interface Identity {
    /** The signed-in user of this request, if any. */
    Optional<String> signedIn(Context ctx);

    /** The user of a connected socket; the upgrade was refused unless one was signed in. */
    String userOf(WsContext ctx);

    /** False when there is no sign-in (one local user). */
    boolean signInRequired();

    default String userOf(Context ctx) {
        return signedIn(ctx).orElseThrow(NotSignedInException::new);
    }
}
