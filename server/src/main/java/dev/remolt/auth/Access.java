package dev.remolt.auth;

import io.javalin.security.RouteRole;

/**
 * The access decision every route declares: {@code PUBLIC} routes answer anyone, {@code USER}
 * routes need a signed-in user. A route that declares neither is refused to everyone.
 */
public enum Access implements RouteRole {
    PUBLIC,
    USER
}
