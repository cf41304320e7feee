package dev.remolt.api;

import dev.remolt.auth.Access;
import dev.remolt.auth.GitHubSignIn;
import dev.remolt.auth.PendingSignIns;
import dev.remolt.auth.SafeRedirect;
import dev.remolt.auth.SignIn;
import dev.remolt.secrets.UserVault;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /auth/*}: GitHub sign-in (login, callback), who is signed in (me), and sign-out. Without
 * GitHub OAuth configured, login and logout just go back to the page and me names the local user.
 */
final class AuthRoutes {
    static final String BROWSER_COOKIE = "remolt_oauth";

    private final SignIn signIn;

    AuthRoutes(SignIn signIn) {
        this.signIn = signIn;
    }

    void register(RoutesConfig routes) {
        routes.get("/auth/login", this::login, Access.PUBLIC);
        routes.get("/auth/callback", this::callback, Access.PUBLIC);
        routes.get("/auth/me", this::me, Access.PUBLIC);
        // Public so a stale tab can always sign out; it only ever takes access away.
        routes.get("/auth/logout", this::logout, Access.PUBLIC);
    }

    private void login(Context ctx) {
        String next = SafeRedirect.target(ctx.queryParam("next"));
        if (signIn.github().isEmpty()) {
            ctx.redirect(next, HttpStatus.FOUND);
            return;
        }
        GitHubSignIn github = signIn.github().get();
        String browser = ctx.cookie(signIn.cookies().name(BROWSER_COOKIE));
        if (!PendingSignIns.isToken(browser)) browser = PendingSignIns.randomToken();
        String state;
        try {
            state = github.pending().begin(browser, next, Instant.now());
        } catch (IllegalStateException e) {
            throw new ApiException(503, "sign_in_busy", "Too many sign-ins are under way; try again in a minute.", 60);
        }
        ctx.res().addHeader("Set-Cookie", signIn.cookies().header(BROWSER_COOKIE, browser, PendingSignIns.TTL));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(github.client().authorizeUrl(state, github.scope()).toString(), HttpStatus.FOUND);
    }

    private void callback(Context ctx) {
        if (signIn.github().isEmpty()) throw new ApiException(404, "sign_in_off", "GitHub sign-in is not configured.", null);
        // The browser binding cookie stays until it expires: another tab's sign-in may still need it.
        ctx.header("Cache-Control", "no-store");
        if (ctx.queryParam("error") != null) {
            SignInPage.answer(ctx, 400, "GitHub sign-in was cancelled.");
            return;
        }
        GitHubSignIn.Outcome outcome = signIn.github().get().complete(ctx.queryParam("code"), ctx.queryParam("state"),
                ctx.cookie(signIn.cookies().name(BROWSER_COOKIE)));
        switch (outcome) {
            case GitHubSignIn.Outcome.Refused refused -> SignInPage.answer(ctx, refused.status(), refused.message());
            case GitHubSignIn.Outcome.SignedIn done -> {
                signIn.credentials().confirmed(done.user());
                ctx.res().addHeader("Set-Cookie", signIn.cookieIdentity().orElseThrow().signInCookie(done.user()));
                ctx.redirect(done.next(), HttpStatus.FOUND);
            }
        }
    }

    private void me(Context ctx) {
        String user = signIn.identity().userOf(ctx);
        UserVault.Contents contents = signIn.vault().of(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", user);
        body.put("name", signIn.identity().signInRequired() ? contents.name() : "Local user");
        body.put("email", contents.email());
        body.put("auth_required", signIn.identity().signInRequired());
        body.put("stored_keys", signIn.vault().keyNames(user));
        ctx.header("Cache-Control", "no-store");
        ctx.json(body);
    }

    private void logout(Context ctx) {
        if (signIn.github().isPresent()) {
            signIn.identity().signedIn(ctx).ifPresent(user -> {
                signIn.signOuts().signOut(user);
                signIn.vault().forgetGitHubToken(user);
            });
            ctx.res().addHeader("Set-Cookie", signIn.cookieIdentity().orElseThrow().signOutCookie());
        }
        ctx.redirect("/", HttpStatus.FOUND);
    }
}
