package dev.remolt.agents;

import dev.remolt.agents.AgentFile.EnvFieldFile;
import dev.remolt.agents.AgentFile.PortFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an {@link AgentFile} field by field; the first problem names the field at fault. */
final class AgentValidator {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    /** Sent as an HTTP request line by the dashboard check: printable, no spaces. */
    private static final Pattern HEALTH_PATH = Pattern.compile("/[\\x21-\\x7e]{0,1023}");

    private AgentValidator() {}

    static Agent validate(AgentFile file, String folderName) {
        String id = required(file.id(), "id");
        if (!ID.matcher(id).matches()) {
            throw new InvalidAgentException("id", "must be lower-case letters, digits and dashes, got \"" + id + "\"");
        }
        if (!id.equals(folderName)) {
            throw new InvalidAgentException("id", "\"" + id + "\" must equal its folder name \"" + folderName + "\"");
        }
        List<Agent.Port> ports = new ArrayList<>();
        List<PortFile> portFiles = file.ports() == null ? List.of() : file.ports();
        for (int i = 0; i < portFiles.size(); i++) {
            PortFile p = portFiles.get(i);
            String field = "ports[" + i + "].port";
            if (p == null || p.port() == null) throw new InvalidAgentException(field, "is required");
            if (p.port() < 1 || p.port() > 65535) throw new InvalidAgentException(field, "must be 1 to 65535");
            String health = orElse(p.healthCheck(), "/");
            if (!HEALTH_PATH.matcher(health).matches()) {
                throw new InvalidAgentException("ports[" + i + "].health_check", "must be a path starting with /, without spaces, got \"" + health + "\"");
            }
            ports.add(new Agent.Port(p.port(), orElse(p.label(), "Port " + p.port()), health, p.authToken()));
        }
        List<Agent.EnvField> schema = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        List<EnvFieldFile> fields = file.envSchema() == null ? List.of() : file.envSchema();
        for (int i = 0; i < fields.size(); i++) {
            EnvFieldFile f = fields.get(i);
            String field = "env_schema[" + i + "].key";
            if (f == null || f.key() == null) throw new InvalidAgentException(field, "is required");
            if (!ENV_KEY.matcher(f.key()).matches()) {
                throw new InvalidAgentException(field, "\"" + f.key() + "\" is not an environment variable name");
            }
            if (!keys.add(f.key())) throw new InvalidAgentException(field, "\"" + f.key() + "\" appears twice");
            refuseLoaderVariable(field, f.key());
            schema.add(new Agent.EnvField(f.key(), orElse(f.label(), f.key()), Boolean.TRUE.equals(f.secret()),
                    Boolean.TRUE.equals(f.required())));
        }
        Map<String, String> defaults = new LinkedHashMap<>(file.envDefaults() == null ? Map.of() : file.envDefaults());
        for (String key : defaults.keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                throw new InvalidAgentException("env_defaults." + key, "is not an environment variable name");
            }
            refuseLoaderVariable("env_defaults." + key, key);
        }
        var resources = file.resources() == null ? Agent.Resources.NONE : new Agent.Resources(
                file.resources().requests() == null ? Map.of() : Map.copyOf(file.resources().requests()),
                file.resources().limits() == null ? Map.of() : Map.copyOf(file.resources().limits()));
        return new Agent(id, required(file.name(), "name"), orElse(file.description(), ""), orElse(file.icon(), ""),
                orElse(file.install(), ""), orElse(file.setup(), ""), List.copyOf(ports), resources,
                Map.copyOf(defaults), List.copyOf(schema), orElse(file.welcome(), ""),
                Boolean.TRUE.equals(file.warmPool()));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) throw new InvalidAgentException(field, "is required");
        return value;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static void refuseLoaderVariable(String field, String name) {
        EnvironmentNames.refusal(name).ifPresent(why -> {
            throw new InvalidAgentException(field, why);
        });
    }
}
