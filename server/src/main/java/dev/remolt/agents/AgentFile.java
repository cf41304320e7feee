package dev.remolt.agents;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** The JSON shape of {@code agent.json}, before validation turns it into an {@link Agent}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record AgentFile(
        String id,
        String name,
        String description,
        String icon,
        String install,
        String setup,
        List<PortFile> ports,
        ResourcesFile resources,
        Map<String, String> envDefaults,
        List<EnvFieldFile> envSchema,
        String welcome,
        Boolean warmPool) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PortFile(Integer port, String label, String healthCheck, String authToken) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EnvFieldFile(String key, String label, Boolean secret, Boolean required) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResourcesFile(Map<String, String> requests, Map<String, String> limits) {}
}
