package dev.remolt.api;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code Host} and {@code Origin} values the server accepts. With {@code REMOLT_PUBLIC_URL}
 * the origin is exactly that URL's; without it, the request's own scheme and {@code Host}. A
 * request to an app's own origin ({@code REMOLT_APPS_DOMAIN}) must come from that very app origin. Host
 * names are limited to the public URL's host, {@code localhost} and IP literals: a DNS-rebound
 * name ({@code rebind.attacker.test}) never reaches a handler, and an IP cannot be rebound.
 */
final class OriginPolicy {
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(?::(\\d{1,5}))?");
    private static final Pattern ORIGIN = Pattern.compile("(https?)://(\\[[0-9a-f:.]+\\]|[a-z0-9.-]{1,253})(?::(\\d{1,5}))?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Optional<String> publicOrigin;
    private final Optional<String> publicScheme;
    private final Optional<String> publicHost;
    private final Optional<String> appsDomain;

    /** {@code appsDomain}: the hosts {@code *.{domain}} of in-sandbox apps are answered too (their origin is not ours). */
    OriginPolicy(Optional<String> publicUrl, Optional<String> appsDomain) {
        Optional<URI> uri = publicUrl.map(URI::create);
        this.publicOrigin = uri.flatMap(u -> normalize(u.getScheme() + "://" + u.getRawAuthority()));
        this.publicScheme = uri.map(u -> u.getScheme().toLowerCase(Locale.ROOT));
        this.publicHost = uri.map(u -> u.getHost().toLowerCase(Locale.ROOT));
        this.appsDomain = appsDomain.map(d -> d.toLowerCase(Locale.ROOT));
    }

    /** A well-formed {@code host[:port]} this server answers to; anything else is refused. */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null) return false;
        Matcher m = HOST.matcher(hostHeader);
        if (!m.matches()) return false;
        String host = m.group(1).toLowerCase(Locale.ROOT);
        if (m.group(2) != null && Integer.parseInt(m.group(2)) > 65535) return false;
        if (publicHost.isPresent() && publicHost.get().equals(host)) return true;
        if (appsDomain.isPresent() && host.endsWith("." + appsDomain.get())) return true;
        return host.startsWith("[") || IPV4.matcher(host).matches() || host.equals("localhost") || host.endsWith(".localhost");
    }

    static boolean wellFormedHost(String hostHeader) {
        return hostHeader != null && HOST.matcher(hostHeader).matches();
    }

    /**
     * Whether {@code origin} is exactly the origin this request was sent to, after normalising case
     * and default ports: the public URL's for the API, the app's own for a request to an app origin
     * (with the public URL's scheme, as TLS may end before this server).
     */
    boolean originAllowed(String origin, String scheme, String hostHeader) {
        Optional<String> given = normalize(origin);
        Optional<String> expected;
        if (isAppHost(hostHeader)) expected = normalize(publicScheme.orElse(scheme) + "://" + hostHeader);
        else expected = publicOrigin.isPresent() ? publicOrigin : normalize(scheme + "://" + hostHeader);
        return given.isPresent() && given.equals(expected);
    }

    private boolean isAppHost(String hostHeader) {
        if (appsDomain.isEmpty() || hostHeader == null) return false;
        Matcher m = HOST.matcher(hostHeader);
        return m.matches() && m.group(1).toLowerCase(Locale.ROOT).endsWith("." + appsDomain.get());
    }

    /** {@code scheme://host[:port]} in lower case without a default port, or empty for anything that is not an origin. */
    static Optional<String> normalize(String origin) {
        if (origin == null) return Optional.empty();
        Matcher m = ORIGIN.matcher(origin.toLowerCase(Locale.ROOT));
        if (!m.matches()) return Optional.empty();
        String scheme = m.group(1);
        String port = m.group(3);
        if (port != null) {
            int number = Integer.parseInt(port);
            if (number == 0 || number > 65535) return Optional.empty();
            if (scheme.equals("http") && number == 80 || scheme.equals("https") && number == 443) port = null;
            else port = Integer.toString(number);
        }
        return Optional.of(scheme + "://" + m.group(2) + (port == null ? "" : ":" + port));
    }
}
