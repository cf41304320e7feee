package dev.remolt.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.remolt.agents.AgentCatalog;
import dev.remolt.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real server on the docker runtime, with an agents folder holding one good and one broken agent. */
@ExtendWith(RequiresDocker.class)
@Timeout(120)
class DockerSessionApiTest {
    private static Path agents;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        agents = Files.createTempDirectory("remolt-agents-");
        Files.createDirectories(agents.resolve("keyed"));
        Files.writeString(agents.resolve("keyed/agent.json"), """
                {"id": "keyed", "name": "Needs a key", "install": "", "warm_pool": false,
                 "env_schema": [{"key": "SERVICE_TOKEN", "label": "Service token", "secret": true, "required": true}]}
                """);
        Files.createDirectories(agents.resolve("nameless"));
        Files.writeString(agents.resolve("nameless/agent.json"), """
                {"id": "nameless", "install": ""}
                """);
        Map<String, String> settings = new HashMap<>(DockerTestSupport.serverSettings());
        settings.put("REMOLT_AGENTS_DIR", agents.toString());
        server = TestServer.start(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        // No sandbox is created here; RemoltServer.close() alone leaves other tests' containers alone.
        if (server != null) server.server().close();
        removeTestImage("remolt-keyed");
    }

    /** The server builds every agent's image in the background at start; this one is the test's own. */
    private static void removeTestImage(String image) throws Exception {
        try (DockerClient docker = DockerTestSupport.inspector()) {
            for (int i = 0; i < 300; i++) {
                try {
                    docker.removeImageCmd(image).withForce(true).exec();
                    return;
                } catch (NotFoundException e) {
                    Thread.sleep(100);  // still building
                }
            }
        }
    }

    @Test
    @DisplayName("the server runs on docker and says so in /health")
    void healthSaysDocker() throws Exception {
        var health = server.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"runtime\":\"docker\"");
    }

    @Test
    @DisplayName("an agent file without a name is reported with the field and skipped, the others load")
    void anAgentWithoutANameIsSkipped() throws Exception {
        AgentCatalog catalog = AgentCatalog.load(agents);
        assertThat(catalog.problems()).singleElement().asString().contains("nameless").contains("field name is required");
        var listed = server.get("/api/agents");
        assertThat(listed.body()).contains("\"id\":\"keyed\"").doesNotContain("nameless");
    }

    @Test
    @DisplayName("a required env field left empty is a 400 that names it")
    void aMissingRequiredFieldIsA400() throws Exception {
        var response = server.post("/api/sessions", "{\"agent_type\":\"keyed\",\"agent_env\":{\"SERVICE_TOKEN\":\"\"}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("SERVICE_TOKEN").contains("missing_env_field");
        assertThat(server.server().runtime().list()).noneMatch(s -> "keyed".equals(s.agentId()));
    }
}
