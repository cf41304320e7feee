package dev.remolt.proxy;

import java.util.Locale;
import java.util.Set;

/**
 * Where the browser shows a proxied answer, which decides what of the app's answer it may keep.
 * On the API's origin an app must never touch our cookies: {@code Set-Cookie} would plant or
 * replace {@code remolt_auth} there and {@code Clear-Site-Data} would wipe it, so both are dropped
 * (an app that needs cookies of its own belongs on its own origin, {@code REMOLT_APPS_DOMAIN}).
 */
public enum AnswerOrigin {
    /** A dashboard on the API's origin: our sandbox CSP gives it an opaque origin, whatever CSP it sends. */
    API_SANDBOXED(true, true),
    /**
     * code-server on the API's origin: no sandbox CSP, because its workbench needs its origin
     * (README, "VS Code"), but no cookies either.
     */
    API(false, true),
    /** An app on its own origin: its cookies and CSP are its own business. */
    OWN(false, false);

    /**
     * Without a separate apps origin, proxied pages would run on the API's origin and could call it
     * as the user; an opaque origin (CSP sandbox without allow-same-origin) prevents that. It is
     * added beside any CSP of the app's: a browser enforces every policy it gets, so both hold.
     */
    static final String SANDBOX_CSP = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads";
    private static final Set<String> COOKIE_CHANGING = Set.of("set-cookie", "set-cookie2", "clear-site-data");

    private final boolean sandboxed;
    private final boolean guardsOurCookies;

    AnswerOrigin(boolean sandboxed, boolean guardsOurCookies) {
        this.sandboxed = sandboxed;
        this.guardsOurCookies = guardsOurCookies;
    }

    boolean sandboxed() {
        return sandboxed;
    }

    /** Whether an answer header of the app's may reach the browser. */
    boolean passes(String headerName) {
        return !(guardsOurCookies && COOKIE_CHANGING.contains(headerName.toLowerCase(Locale.ROOT)));
    }
}
