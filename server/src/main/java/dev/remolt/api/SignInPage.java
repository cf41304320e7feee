package dev.remolt.api;

import io.javalin.http.Context;

/**
 * The small page a failed sign-in lands on, with a way to try again. Its text is one of our own
 * fixed messages, never anything from the request.
 */
final class SignInPage {
    private SignInPage() {}

    static void answer(Context ctx, int status, String message) {
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        ctx.status(status)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'")
                .contentType("text/html; charset=utf-8")
                .result("<!doctype html><meta charset=utf-8><title>Remolt sign-in</title>"
                        + "<p>" + escaped + "</p><p><a href=\"/auth/login\">Sign in again</a> or <a href=\"/\">go back</a>.</p>\n");
    }
}
