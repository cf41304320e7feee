package dev.remolt.api;

import dev.remolt.auth.NotSignedInException;
import dev.remolt.metrics.ServerMetrics;
import dev.remolt.session.SessionRejectedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every exception into a JSON error with the fitting status; clients never see a stack trace. */
final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);
    static final int RETRY_AFTER_SECONDS = 30;

    private ErrorMapping() {}

    static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) ctx.header("Retry-After", e.retryAfterSeconds().toString());
            answer(ctx, e.status(), e.code(), e.getMessage());
        });
        routes.exception(NotSignedInException.class, (e, ctx) -> {
            // RFC 9110 wants a challenge with every 401; an unknown scheme makes no browser show a password prompt.
            ctx.header("WWW-Authenticate", "Cookie realm=\"remolt\", form-action=\"/auth/login\"");
            answer(ctx, 401, "unauthorized", e.getMessage());
        });
        routes.exception(SessionRejectedException.class, (e, ctx) -> {
            int status = switch (e.reason()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case LIMIT_REACHED -> 429;
                case UNAVAILABLE -> 503;
            };
            if (status == 429 || status == 503) ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            answer(ctx, status, e.code(), e.getMessage());
        });
        routes.exception(HttpResponseException.class, (e, ctx) ->
                answer(ctx, e.getStatus(), codeOf(e.getStatus()), messageOf(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("request {} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal_error", "The server failed to handle this request; it has been logged.");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) answer(ctx, 404, "not_found", "No such route.");
        });
    }

    static void answer(Context ctx, int status, String code, String message) {
        if (status >= 500) ServerMetrics.HTTP_ERRORS.inc(Integer.toString(status));
        ctx.status(status);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.json(new ErrorBody(code, message));
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            default -> "http_" + status;
        };
    }

    private static String messageOf(HttpResponseException e) {
        // Javalin's own messages are plain and carry no request data; keep them short.
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
