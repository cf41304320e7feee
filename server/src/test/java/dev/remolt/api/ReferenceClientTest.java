package dev.remolt.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.EchoApp;
import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients written for the FastAPI reference keep working: its field names, its errors, its answers. */
@Timeout(60)
class ReferenceClientTest {
    private static final String KEYED_AGENT = """
            {"id":"keyed","name":"Keyed","env_schema":[
              {"key":"AGENT_MODE","label":"Mode","secret":false,"required":false},
              {"key":"ANTHROPIC_API_KEY","label":"Anthropic API key","secret":true,"required":false}]}
            """;

    @Test
    @DisplayName("a reference create body with api_key, github_token and unknown fields starts a session that has both")
    void referenceCreateBody() throws Exception {
        try (TestServer server = TestServer.start(Map.of("REMOLT_AGENTS_DIR", EchoApp.agents(Map.of("keyed", KEYED_AGENT)).toString()))) {
            var created = server.post("/api/sessions", """
                    {"agent_type":"keyed","api_key":"sk-ant-test","github_token":"ghp_reference",
                     "git_user_name":"Ada","git_user_email":"ada@example.com","repo_url":"",
                     "client_build":"reference-1.0","options":{"theme":"dark"}}
                    """);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String id = Jsons.field(created.body(), "session_id");
            String env = server.server().runtime().exec(id, List.of("sh", "-c",
                    "echo \"key=$ANTHROPIC_API_KEY token=$GITHUB_TOKEN mode=${AGENT_MODE:-unset}\"")).output();
            assertThat(env).contains("key=sk-ant-test token=ghp_reference mode=unset");

            var deleted = server.delete("/api/sessions/" + id);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(Jsons.parse(deleted.body()).properties()).hasSize(2);
            assertThat(Jsons.field(deleted.body(), "status")).isEqualTo("terminated");
            assertThat(Jsons.field(deleted.body(), "session_id")).isEqualTo(id);
        }
    }

    @Test
    @DisplayName("an unknown session id is 404 whatever its shape, and errors carry FastAPI's detail beside error and message")
    void unknownIdsAndErrorBodies() throws Exception {
        try (TestServer server = TestServer.start()) {
            for (String id : List.of("0123456789abcdef", "zzzz", "not-a-session-id", "a1b2c3")) {
                var answer = server.get("/api/sessions/" + id);
                assertThat(answer.statusCode()).as(id).isEqualTo(404);
                assertThat(Jsons.field(answer.body(), "error")).isEqualTo("session_not_found");
                assertThat(Jsons.field(answer.body(), "detail")).isEqualTo(Jsons.field(answer.body(), "message")).isNotBlank();
                assertThat(server.delete("/api/sessions/" + id).statusCode()).as("DELETE " + id).isEqualTo(404);
            }
            var malformed = server.post("/api/sessions", "{\"agent_type\":");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(Jsons.field(malformed.body(), "detail")).isEqualTo(Jsons.field(malformed.body(), "message"));
        }
    }
}
