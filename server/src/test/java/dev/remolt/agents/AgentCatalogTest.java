package dev.remolt.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCatalogTest {
    @TempDir
    Path dir;

    private void write(String id, String json) throws Exception {
        Files.createDirectories(dir.resolve(id));
        Files.writeString(dir.resolve(id).resolve("agent.json"), json);
    }

    @Test
    @DisplayName("a bad agent file is reported with the field at fault, and the others still load")
    void aBadFileIsReportedAndSkipped() throws Exception {
        write("good", "{\"id\":\"good\",\"name\":\"Good\",\"ports\":[{\"port\":9000,\"label\":\"Dash\"}]}");
        write("noname", "{\"id\":\"noname\"}");
        write("badport", "{\"id\":\"badport\",\"name\":\"B\",\"ports\":[{\"port\":70000}]}");
        write("wrongtype", "{\"id\":\"wrongtype\",\"name\":\"W\",\"ports\":\"9000\"}");
        write("broken", "{\"id\":");
        write("mismatch", "{\"id\":\"other\",\"name\":\"M\"}");
        write("badhealth", "{\"id\":\"badhealth\",\"name\":\"H\",\"ports\":[{\"port\":9000,\"health_check\":\"/x HTTP/1.1\\r\\nHost: evil\"}]}");

        AgentCatalog catalog = AgentCatalog.load(dir);

        assertThat(catalog.all()).extracting(Agent::id).containsExactly("good");
        assertThat(catalog.find("good").orElseThrow().type()).isEqualTo("dashboard");
        assertThat(catalog.problems()).hasSize(6);
        assertThat(catalog.problems()).anySatisfy(p -> assertThat(p).contains("badhealth").contains("ports[0].health_check"));
        assertThat(catalog.problems()).anySatisfy(p -> assertThat(p).contains("noname").contains("field name is required"));
        assertThat(catalog.problems()).anySatisfy(p -> assertThat(p).contains("badport").contains("ports[0].port"));
        assertThat(catalog.problems()).anySatisfy(p -> assertThat(p).contains("wrongtype").contains("field ports"));
        assertThat(catalog.problems()).anySatisfy(p -> assertThat(p).contains("broken").contains("not valid JSON"));
        assertThat(catalog.problems()).anySatisfy(p -> assertThat(p).contains("mismatch").contains("folder name"));
    }

    @Test
    @DisplayName("the shipped agents load without problems, shell first")
    void theShippedAgentsLoad() {
        AgentCatalog catalog = AgentCatalog.load(Path.of(System.getProperty("remolt.agents.dir", "../agents")));
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.first().orElseThrow().id()).isEqualTo("shell");
    }
}
