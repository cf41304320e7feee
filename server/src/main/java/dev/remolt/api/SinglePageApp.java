package dev.remolt.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Serves the built front end: from the jar's {@code /static} or from {@code REMOLT_STATIC_DIR},
 * with any other page path falling back to {@code index.html}. API paths never fall back.
 */
final class SinglePageApp {
    private static final List<String> SERVER_PREFIXES =
            List.of("/api/", "/ws/", "/auth/", "/proxy/", "/vscode/", "/health", "/metrics");

    private SinglePageApp() {}

    static void configure(JavalinConfig config, Optional<Path> staticDir) {
        Optional<byte[]> index;
        if (staticDir.isPresent()) {
            config.staticFiles.add(staticDir.get().toString(), Location.EXTERNAL);
            index = read(staticDir.get().resolve("index.html"));
        } else {
            index = readResource("/static/index.html");
            if (index.isPresent()) config.staticFiles.add("/static", Location.CLASSPATH);
        }
        config.spaRoot.addHandler("/", ctx -> fallback(ctx, index));
    }

    /** Paths the server answers itself; the page fallback never serves them. */
    static boolean isServerPath(String path) {
        return SERVER_PREFIXES.stream().anyMatch(p -> path.startsWith(p) || path.equals(p.replaceAll("/$", "")));
    }

    private static void fallback(Context ctx, Optional<byte[]> index) {
        boolean server = isServerPath(ctx.path());
        if (server || index.isEmpty()) {
            ErrorMapping.answer(ctx, 404, "not_found", index.isEmpty() && !server
                    ? "The web app is not built into this server; build it with ./remolt run." : "No such route.");
            return;
        }
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(index.get());
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Optional<byte[]> readResource(String name) {
        try (InputStream in = SinglePageApp.class.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
