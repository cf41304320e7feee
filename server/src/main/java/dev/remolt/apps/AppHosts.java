package dev.remolt.apps;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The separate origin of each app inside a sandbox: {@code {session}--{port}.{REMOLT_APPS_DOMAIN}}.
 * On its own origin an app's scripts cannot call the API as the user, and its cookies and storage
 * are its own. Browsers resolve {@code *.localhost} to loopback, so locally no DNS is needed.
 */
public final class AppHosts {
    /** One app: the session it belongs to and the port it serves inside the sandbox. */
    public record App(String sessionId, int port) {}

    private final String domain;
    private final Pattern pattern;

    public AppHosts(String domain) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.pattern = Pattern.compile("([0-9a-f]{16})--(\\d{1,5})\\." + Pattern.quote(this.domain) + "(?::\\d{1,5})?");
    }

    /** The app a {@code Host} header names, if it names one. */
    public Optional<App> parse(String host) {
        if (host == null) return Optional.empty();
        Matcher m = pattern.matcher(host.toLowerCase(Locale.ROOT));
        if (!m.matches()) return Optional.empty();
        int port = Integer.parseInt(m.group(2));
        return port >= 1 && port <= 65535 ? Optional.of(new App(m.group(1), port)) : Optional.empty();
    }

    /** The app's origin, with the scheme and port the server is reached at. */
    public String origin(App app, String scheme, int serverPort) {
        boolean defaultPort = ("http".equals(scheme) && serverPort == 80) || ("https".equals(scheme) && serverPort == 443);
        return scheme + "://" + app.sessionId() + "--" + app.port() + "." + domain + (defaultPort ? "" : ":" + serverPort);
    }
}
