package dev.remolt.auth;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** With GitHub sign-in: the user named by a genuine sign-in cookie of their current sign-out epoch. */
public final class CookieIdentity implements Identity {
    public static final String COOKIE = "remolt_auth";

    private final AuthCookie codec;
    private final SignOuts signOuts;
    private final SetCookie cookies;

    public CookieIdentity(AuthCookie codec, SignOuts signOuts, SetCookie cookies) {
        this.codec = codec;
        this.signOuts = signOuts;
        this.cookies = cookies;
    }

    @Override
    public Optional<String> signedIn(Context ctx) {
        return userFrom(Collections.list(ctx.req().getHeaders("Cookie")));
    }

    @Override
    public String userOf(WsContext ctx) {
        String header = ctx.header("Cookie");
        return userFrom(header == null ? List.of() : List.of(header)).orElseThrow(NotSignedInException::new);
    }

    @Override
    public boolean signInRequired() {
        return true;
    }

    /** The {@code Set-Cookie} value that signs {@code user} in. */
    public String signInCookie(String user) {
        return cookies.header(COOKIE, codec.issue(user, signOuts.epochOf(user), Instant.now()), AuthCookie.MAX_AGE);
    }

    public String signOutCookie() {
        return cookies.expired(COOKIE);
    }

    private Optional<String> userFrom(List<String> cookieHeaders) {
        List<String> values = valuesOf(cookies.name(COOKIE), cookieHeaders);
        // Two cookies of our name (a path variant planted beside ours) are refused, never guessed between.
        if (values.size() != 1) return Optional.empty();
        return codec.verify(values.getFirst(), Instant.now())
                .filter(claims -> claims.epoch() == signOuts.epochOf(claims.user()))
                .map(AuthCookie.Claims::user);
    }

    static List<String> valuesOf(String name, List<String> cookieHeaders) {
        List<String> values = new ArrayList<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) values.add(pair.substring(eq + 1).strip());
            }
        }
        return values;
    }
}
