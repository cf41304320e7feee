package dev.remolt.api;

import dev.remolt.auth.Access;
import dev.remolt.auth.Identity;
import dev.remolt.auth.NotSignedInException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * The checks every request passes before any handler runs. HTTP: a known {@code Host}; for
 * state-changing methods an exact {@code Origin} (or, without one, {@code Sec-Fetch-Site:
 * same-origin}); then the route's declared {@link Access}. WebSocket upgrades, before the 101: a
 * known {@code Host}, an exact {@code Origin} (a missing one is refused: browsers always send it),
 * and a signed-in user. A route that declares no access is refused to everyone.
 */
final class WebSecurity {
    private static final Set<HandlerType> STATE_CHANGING =
            Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);

    private final Identity identity;
    private final OriginPolicy origins;

    WebSecurity(Identity identity, OriginPolicy origins) {
        this.identity = identity;
        this.origins = origins;
    }

    /** Registered before every route, so these run first. */
    void register(RoutesConfig routes) {
        routes.before(this::checkRequest);
        routes.beforeMatched(this::checkAccess);
        routes.wsBeforeUpgrade(this::checkUpgrade);
    }

    private void checkRequest(Context ctx) {
        checkHost(ctx);
        if (STATE_CHANGING.contains(ctx.method()) && !sameOrigin(ctx)) {
            throw forbidden("cross_origin", "This request must come from the Remolt page itself (Origin mismatch).");
        }
    }

    private void checkAccess(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC)) return;
        if (roles.contains(Access.USER)) {
            if (identity.signedIn(ctx).isEmpty()) throw new NotSignedInException();
            return;
        }
        if (roles.isEmpty() && ctx.endpoints().matchedHttpEndpoint() == null) {
            // No endpoint matched: a static asset or the page fallback, both public and read-only;
            // under the server's own paths the fallback answers 404, to signed-in callers only.
            if (SinglePageApp.isServerPath(ctx.path()) && identity.signedIn(ctx).isEmpty()) throw new NotSignedInException();
            return;
        }
        throw forbidden("no_access_decision", "This route declares no access rule, so it is refused.");
    }

    private void checkUpgrade(Context ctx) {
        checkHost(ctx);
        if (!origins.originAllowed(ctx.header("Origin"), ctx.scheme(), ctx.header("Host"))) {
            throw forbidden("cross_origin", "This socket must be opened by the Remolt page itself (Origin mismatch or missing).");
        }
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC)) return;
        if (!roles.contains(Access.USER)) {
            throw forbidden("no_access_decision", "This socket declares no access rule, so it is refused.");
        }
        if (identity.signedIn(ctx).isEmpty()) throw new NotSignedInException();
    }

    private void checkHost(Context ctx) {
        // "//host/path" is how a browser spells another host; no route of ours starts so, and no page should.
        if (ctx.req().getRequestURI().startsWith("//")) throw ApiException.badRequest("bad_path", "The path must not start with //.");
        String host = ctx.header("Host");
        if (!OriginPolicy.wellFormedHost(host)) throw ApiException.badRequest("bad_host", "The Host header is missing or malformed.");
        // Jetty takes the host of an absolute-form request target over the header: both must pass.
        if (!origins.hostAllowed(host) || !origins.hostAllowed(hostOfTarget(ctx))) {
            throw forbidden("unknown_host", "This server does not answer to that host name; set REMOLT_PUBLIC_URL to the address users open.");
        }
    }

    private static String hostOfTarget(Context ctx) {
        String name = ctx.req().getServerName();
        return name != null && name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    }

    private boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null) return origins.originAllowed(origin, ctx.scheme(), ctx.header("Host"));
        // Browsers that omit Origin still send Sec-Fetch-Site, which page scripts cannot set.
        return "same-origin".equals(ctx.header("Sec-Fetch-Site"));
    }

    private static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message, null);
    }
}
