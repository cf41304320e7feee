package dev.remolt.agents;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents found under the agents folder at start-up. A bad file is reported with the field at
 * fault and skipped; the others still load.
 */
public final class AgentCatalog {
    private static final Logger log = LoggerFactory.getLogger(AgentCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, Agent> agents;
    private final List<String> problems;

    private AgentCatalog(Map<String, Agent> agents, List<String> problems) {
        this.agents = agents;
        this.problems = problems;
    }

    /** Loads every {@code {dir}/{id}/agent.json}, sorted with {@code shell} first, then by id. */
    public static AgentCatalog load(Path dir) {
        Map<String, Agent> loaded = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<Path> folders;
        try (Stream<Path> list = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            folders = list.filter(Files::isDirectory).sorted((a, b) -> order(a).compareTo(order(b))).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the agents folder " + dir + ": " + e.getMessage(), e);
        }
        for (Path folder : folders) {
            Path file = folder.resolve("agent.json");
            if (!Files.isRegularFile(file)) continue;
            try {
                Agent agent = AgentValidator.validate(JSON.readValue(file.toFile(), AgentFile.class),
                        folder.getFileName().toString());
                loaded.put(agent.id(), agent);
            } catch (InvalidAgentException e) {
                problems.add(file + ": " + e.getMessage());
            } catch (JsonMappingException e) {
                problems.add(file + ": field " + fieldOf(e) + " has the wrong type or value ("
                        + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
            } catch (IOException e) {
                problems.add(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        problems.forEach(p -> log.error("agent skipped: {}", p));
        if (loaded.isEmpty()) log.warn("no agents found under {}", dir.toAbsolutePath());
        return new AgentCatalog(loaded, List.copyOf(problems));
    }

    private static String order(Path folder) {
        String name = folder.getFileName().toString();
        return name.equals("shell") ? "" : name;
    }

    private static String fieldOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(root)" : path.toString();
    }

    public Optional<Agent> find(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    public Collection<Agent> all() {
        return agents.values();
    }

    public Optional<Agent> first() {
        return agents.values().stream().findFirst();
    }

    /** What was wrong with the files that did not load, one line per file. */
    public List<String> problems() {
        return problems;
    }
}
