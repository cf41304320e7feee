package dev.remolt.auth;

import java.time.Duration;

/**
 * {@code Set-Cookie} values written by hand, so every attribute is the one intended: HttpOnly,
 * SameSite=Lax, Path=/, never a Domain, a bounded Max-Age, and Secure under https. Under https the
 * name takes the {@code __Host-} prefix, which browsers honour only for exactly those attributes,
 * so no sibling host or app can plant or overwrite it.
 */
public record SetCookie(boolean secure) {

    public String name(String base) {
        return secure ? "__Host-" + base : base;
    }

    public String header(String base, String value, Duration maxAge) {
        return name(base) + "=" + value + "; Max-Age=" + maxAge.toSeconds() + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    public String expired(String base) {
        return header(base, "", Duration.ZERO);
    }
}
