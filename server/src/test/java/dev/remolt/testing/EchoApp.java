package dev.remolt.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The echo app (src/test/resources/echo_app.py), run inside a real sandbox for proxy tests: it
 * answers with what it received, so a test sees exactly what the proxy forwarded.
 */
public final class EchoApp {
    public static final int PORT = 8765;
    /** An agent whose dashboard is the echo app, with a token the proxy must send for the user. */
    public static final String DASHBOARD_AGENT = """
            {"id":"echo-dash","name":"Echo dashboard","ports":[{"port":%d,"label":"Echo","auth_token":"tok-123"}]}
            """.formatted(PORT);

    private EchoApp() {}

    /** A fresh agents folder holding these agent files, by id. */
    public static Path agents(Map<String, String> filesById) throws Exception {
        Path agents = Files.createTempDirectory("remolt-agents-");
        for (var file : filesById.entrySet()) {
            Files.createDirectories(agents.resolve(file.getKey()));
            Files.writeString(agents.resolve(file.getKey()).resolve("agent.json"), file.getValue());
        }
        return agents;
    }

    /** Starts the echo app on {@code port} in the session's sandbox, in the background. */
    public static void start(TestServer server, String sessionId, int port) throws Exception {
        String script = new String(EchoApp.class.getResourceAsStream("/echo_app.py").readAllBytes());
        server.server().runtime().exec(sessionId, List.of("sh", "-c", "cat > ~/echo_app.py <<'PY'\n" + script + "PY\n"
                + "nohup python3 ~/echo_app.py " + port + " >/dev/null 2>&1 &"));
    }
}
