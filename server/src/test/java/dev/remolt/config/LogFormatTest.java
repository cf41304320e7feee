package dev.remolt.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remolt.testing.Jsons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The shipped logback.xml, in a fresh JVM per format, since logging is configured once per process. */
@Timeout(60)
class LogFormatTest {

    /** Run in the child JVM: logs one line through the real configuration. */
    public static void main(String[] args) {
        LoggerFactory.getLogger("dev.remolt.Probe").info("hello {}", "world");
    }

    private static String stderrOf(String format) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogFormatTest.class.getName()));
        builder.environment().put("REMOLT_LOG_FORMAT", format);
        Process process = builder.start();
        process.getOutputStream().close();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return stderr;
    }

    @Test
    @DisplayName("REMOLT_LOG_FORMAT=json writes each log line as one JSON object")
    void jsonFormat() throws Exception {
        String stderr = stderrOf("json");
        assertThat(stderr).doesNotContain("|-");
        String line = stderr.lines().filter(l -> l.contains("hello world")).findFirst().orElseThrow();
        JsonNode json = Jsons.parse(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loggerName").asText()).isEqualTo("dev.remolt.Probe");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("hello world");
        assertThat(json.has("timestamp")).isTrue();
    }

    @Test
    @DisplayName("the default text format stays one readable line")
    void textFormat() throws Exception {
        String stderr = stderrOf("text");
        assertThat(stderr).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Probe - hello world");
        // logback's own status lines (it warns about the unused appender) stay quiet.
        assertThat(stderr).doesNotContain("|-");
    }
}
