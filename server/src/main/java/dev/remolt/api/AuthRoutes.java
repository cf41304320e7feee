package dev.remolt.api;

import dev.remolt.auth.Access;
import dev.remolt.auth.GitHubSignIn;
import dev.remolt.auth.SafeRedirect;
import dev.remolt.auth.SignIn;
import dev.remolt.auth.SignInStates;
import dev.remolt.secrets.UserVault;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /auth/*}: GitHub sign-in (login, callback), who is signed in (me), and sign-out. Without
 * GitHub OAuth configured, login just goes back to the page, sign-out does nothing and me names
 * the local user.
 */
final class AuthRoutes {
    private final SignIn signIn;

    AuthRoutes(SignIn signIn) {
        this.signIn = signIn;
    }

    void register(RoutesConfig routes) {
        routes.get("/auth/login", this::login, Access.PUBLIC);
        routes.get("/auth/callback", this::callback, Access.PUBLIC);
        routes.get("/auth/me", this::me, Access.PUBLIC);
        // Public so a stale tab can always sign out; it only ever takes access away. A POST, so that
        // the Origin check keeps other sites from signing users out with a link or an image.
        routes.post("/auth/logout", this::logout, Access.PUBLIC);
        routes.get("/auth/logout", ctx -> {
            ctx.header("Allow", "POST");
            throw new ApiException(405, "method_not_allowed", "Sign out with POST /auth/logout from the Remolt page.", null);
        }, Access.PUBLIC);
    }

    private void login(Context ctx) {
        String next = SafeRedirect.target(ctx.queryParam("next"));
        if (signIn.github().isEmpty()) {
            ctx.redirect(next, HttpStatus.FOUND);
            return;
        }
        GitHubSignIn github = signIn.github().get();
        SignInStates.Started started = github.states().begin(next, Instant.now());
        ctx.res().addHeader("Set-Cookie", signIn.cookies().header(started.cookieName(), started.cookieValue(), SignInStates.TTL));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(github.client().authorizeUrl(started.state(), started.codeChallenge(), github.scope()).toString(), HttpStatus.FOUND);
    }

    private void callback(Context ctx) {
        if (signIn.github().isEmpty()) throw new ApiException(404, "sign_in_off", "GitHub sign-in is not configured.", null);
        ctx.header("Cache-Control", "no-store");
        String state = ctx.queryParam("state");
        String stateCookie = SignInStates.cookieName(state).map(name -> {
            // Used once, whatever happens next: a replayed callback finds no cookie.
            ctx.res().addHeader("Set-Cookie", signIn.cookies().expired(name));
            return ctx.cookie(signIn.cookies().name(name));
        }).orElse(null);
        if (ctx.queryParam("error") != null) {
            SignInPage.answer(ctx, 400, "GitHub sign-in was cancelled.");
            return;
        }
        GitHubSignIn.Outcome outcome = signIn.github().get().complete(ctx.queryParam("code"), state, stateCookie);
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
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("signed_out", signIn.github().isPresent()));
    }
}
