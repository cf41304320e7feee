package dev.remolt.api;

import dev.remolt.auth.Access;
import dev.remolt.auth.Identity;
import dev.remolt.auth.NotSignedInException;
import dev.remolt.metrics.ServerMetrics;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.session.Session;
import dev.remolt.session.SessionManager;
import dev.remolt.terminal.TerminalSocket;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code GET /metrics} in Prometheus text format. Scrapers carry no cookie, so this route has its
 * own check: with {@code REMOLT_METRICS_TOKEN} set it needs {@code Authorization: Bearer <token>};
 * without it, it needs a signed-in user when sign-in is on, and is open otherwise (counts only:
 * no ids, owners or secrets).
 */
final class MetricsRoutes {
    static final String PATH = "/metrics";

    private final SessionManager sessions;
    private final SandboxRuntime runtime;
    private final TerminalSocket terminal;
    private final Optional<byte[]> expectedAuthorization;

    private final Identity identity;

    MetricsRoutes(SessionManager sessions, SandboxRuntime runtime, TerminalSocket terminal, Optional<String> token,
                  Identity identity) {
        this.identity = identity;
        this.sessions = sessions;
        this.runtime = runtime;
        this.terminal = terminal;
        this.expectedAuthorization = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    void register(RoutesConfig routes) {
        // Public to the router: scrapers carry no cookie, so the check is this route's own.
        routes.get(PATH, this::scrape, Access.PUBLIC);
    }

    private void scrape(Context ctx) {
        if (expectedAuthorization.isPresent()) {
            String given = Optional.ofNullable(ctx.header("Authorization")).orElse("");
            // Constant time: the comparison must not tell an attacker how much of a guess was right.
            if (!MessageDigest.isEqual(expectedAuthorization.get(), given.getBytes(StandardCharsets.UTF_8))) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
                throw new ApiException(401, "unauthorized", "GET /metrics needs Authorization: Bearer <REMOLT_METRICS_TOKEN>.", null);
            }
        } else if (identity.signInRequired() && identity.signedIn(ctx).isEmpty()) {
            throw new NotSignedInException();
        }
        Map<String, Long> byAgent = sessions.all().stream()
                .collect(Collectors.groupingBy(Session::agentId, TreeMap::new, Collectors.counting()));
        ctx.contentType(ServerMetrics.CONTENT_TYPE).result(ServerMetrics.scrape(runtime.name(), byAgent, terminal.viewerCount()));
    }
}
