package dev.remolt.config;

import dev.remolt.config.Config.LocalNetwork;
import dev.remolt.config.Config.LogFormat;
import dev.remolt.config.Config.RuntimeChoice;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the {@link Config} from the environment, with {@code .env} in the working directory as a
 * fallback. Every bad value is collected, so one start-up names all of them.
 */
public final class ConfigLoader {
    private final Map<String, String> source;
    private final Path workingDir;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Map<String, String> source, Path workingDir) {
        this.source = source;
        this.workingDir = workingDir;
    }

    /** Reads the process environment over {@code .env} in {@code workingDir}. */
    public static Config fromEnvironment(Path workingDir) {
        Map<String, String> merged = new HashMap<>(DotEnv.read(workingDir.resolve(".env")));
        merged.putAll(System.getenv());
        return load(merged, workingDir);
    }

    /** Reads exactly the given variables; relative paths resolve against {@code workingDir}. */
    public static Config load(Map<String, String> variables, Path workingDir) {
        return new ConfigLoader(variables, workingDir).build();
    }

    private Config build() {
        Path dataDir = path("REMOLT_DATA_DIR", "data");
        var githubId = text("GITHUB_CLIENT_ID");
        var githubSecret = text("GITHUB_CLIENT_SECRET");
        if (githubId.isPresent() != githubSecret.isPresent()) {
            problems.add("GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET must be set together (sign-in needs both halves of the OAuth app)");
        }
        text("COOKIE_SECRET").filter(v -> v.length() < 32).ifPresent(v ->
                problems.add("COOKIE_SECRET: too short (" + v.length() + " characters); use at least 32, e.g. openssl rand -hex 32"));
        var extraCa = optionalPath("REMOLT_EXTRA_CA_CERTS");
        extraCa.filter(p -> !Files.isReadable(p)).ifPresent(p ->
                problems.add("REMOLT_EXTRA_CA_CERTS=" + p + ": no readable file there (expected a PEM bundle)"));
        var config = new Config(
                // Loopback by default: without sign-in anyone who reaches the port gets a shell.
                text("REMOLT_HOST").orElse("127.0.0.1"),
                integer("REMOLT_PORT", 8080, 0, 65535),
                dataDir,
                choice("REMOLT_RUNTIME", RuntimeChoice.class, RuntimeChoice.AUTO),
                integer("REMOLT_MAX_SESSIONS", 10, 1, 100_000),
                integer("REMOLT_MAX_SESSIONS_PER_USER", 2, 1, 100_000),
                integer("REMOLT_MAX_IDLE_SECONDS", 3600, 1, Integer.MAX_VALUE),
                integer("REMOLT_MAX_TERMINALS", 8, 1, 64),
                integer("REMOLT_MAX_CONNECTIONS_PER_USER", 32, 1, 10_000),
                integer("REMOLT_CLEANUP_INTERVAL", 60, 1, 86_400),
                optionalPath("REMOLT_EVENTS_LOG"),
                optionalPath("REMOLT_SESSIONS_FILE").orElse(dataDir.resolve("sessions.json")),
                integer("REMOLT_WARM_POOL", 0, 0, 100),
                text("REMOLT_NAMESPACE").orElse("remolt"),
                optionalPath("REMOLT_STATIC_DIR"),
                path("REMOLT_AGENTS_DIR", "agents"),
                // Unset: the docker runtime builds remolt-{agent} itself; set: every sandbox uses this image.
                text("REMOLT_SANDBOX_IMAGE"),
                text("REMOLT_BASE_IMAGE").orElse("ubuntu:24.04"),
                text("REMOLT_APPS_DOMAIN"),
                extraCa,
                choice("REMOLT_LOCAL_NETWORK", LocalNetwork.class, LocalNetwork.USER),
                egressRules("REMOLT_EGRESS_ALLOW"),
                text("REMOLT_DOCKER_NETWORK").orElse("remolt-sandboxes"),
                bool("REMOLT_DOCKER_HARDENED", false),
                path("REMOLT_CONTAINER_DIR", "container"),
                url("REMOLT_PUBLIC_URL"),
                githubId,
                githubSecret,
                url("GITHUB_BASE_URL").orElse("https://github.com"),
                url("GITHUB_API_URL").orElse("https://api.github.com"),
                text("COOKIE_SECRET"),
                // Prepended to remolt-{agent}, e.g. "registry.example.com/team/"; empty = images on the node.
                text("REMOLT_IMAGE_PREFIX").orElse(""),
                // Image pulls can take minutes on a fresh node.
                integer("REMOLT_POD_START_TIMEOUT", 300, 1, 3600),
                text("REMOLT_METRICS_TOKEN"),
                choice("REMOLT_LOG_FORMAT", LogFormat.class, LogFormat.TEXT),

                list("REMOLT_ALLOWED_USERS"),
                list("REMOLT_ALLOWED_ORGS"),
                integer("REMOLT_GITHUB_RECHECK_SECONDS", 300, 0, 86_400),
                bool("REMOLT_VSCODE", true),
                // Tools the server installs for local sandboxes (code-server), bound into them read-only.
                optionalPath("REMOLT_TOOLS_DIR").orElse(dataDir.resolve("tools")));
        if (!config.authEnabled() && (!config.allowedUsers().isEmpty() || !config.allowedOrgs().isEmpty())) {
            problems.add("REMOLT_ALLOWED_USERS and REMOLT_ALLOWED_ORGS need GitHub sign-in (GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET)");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return config;
    }

    private Optional<String> text(String name) {
        String value = source.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A comma list, trimmed, without empty items; GitHub names are matched case-insensitively, so stored lower-case. */
    private List<String> list(String name) {
        return text(name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).distinct().toList()).orElse(List.of());
    }

    /** Exceptions to the sandboxes' egress policy: a comma list of address[:port] or cidr[:port]. */
    private List<EgressRule> egressRules(String name) {
        List<EgressRule> rules = new ArrayList<>();
        for (String item : text(name).map(v -> v.split(",")).orElse(new String[0])) {
            if (item.isBlank()) continue;
            try {
                rules.add(EgressRule.parse(item));
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return List.copyOf(rules);
    }

    private int integer(String name, int fallback, int min, int max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) return fallback;
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                problems.add(name + "=" + value.get() + ": must be between " + min + " and " + max);
                return fallback;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(name + "=" + value.get() + ": not a whole number");
            return fallback;
        }
    }

    private boolean bool(String name, boolean fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) return fallback;
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> {
                problems.add(name + "=" + value.get() + ": expected true or false");
                yield fallback;
            }
        };
    }

    private <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) return fallback;
        try {
            return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            problems.add(name + "=" + value.get() + ": unknown value; allowed values are " + allowed);
            return fallback;
        }
    }

    private Path path(String name, String fallback) {
        return workingDir.resolve(text(name).orElse(fallback)).normalize();
    }

    private Optional<Path> optionalPath(String name) {
        return text(name).map(v -> workingDir.resolve(v).normalize());
    }

    private Optional<String> url(String name) {
        Optional<String> value = text(name);
        value.ifPresent(v -> {
            try {
                URI uri = URI.create(v);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problems.add(name + "=" + v + ": expected an http:// or https:// URL");
                }
            } catch (IllegalArgumentException e) {
                problems.add(name + "=" + v + ": not a valid URL");
            }
        });
        return value.map(v -> v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    }
}
