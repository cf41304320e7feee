package dev.remolt.events;

import dev.remolt.secrets.PrivateFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analytics events as JSON lines, to stdout and, when configured, appended to a file: the seed's
 * format, {@code {"ts": 1739120400.0, "event": "server.started", ...}}.
 */
public final class EventLog {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream stdout;
    private final Optional<Path> file;
    private boolean fileBroken;

    public EventLog(PrintStream stdout, Optional<Path> file) {
        this.stdout = stdout;
        this.file = file;
        file.map(Path::getParent).ifPresent(dir -> {
            try {
                PrivateFiles.createFolders(dir);
            } catch (IOException e) {
                log.warn("cannot create the folder of the events log {}: {}", dir, e.getMessage());
            }
        });
    }

    /** Writes one event; {@code keyValues} alternate field names and values, kept in that order. */
    public synchronized void emit(String event, Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("event " + event + ": odd key/value list");
        Map<String, Object> line = new LinkedHashMap<>();
        // Seconds with millisecond decimals, written as a plain number (never 1.7E9), as in the seed.
        line.put("ts", BigDecimal.valueOf(System.currentTimeMillis(), 3));
        line.put("event", event);
        for (int i = 0; i < keyValues.length; i += 2) line.put((String) keyValues[i], keyValues[i + 1]);
        String json;
        try {
            json = JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event + " is not serialisable", e);
        }
        stdout.println(json);
        file.ifPresent(path -> append(path, json));
    }

    private void append(Path path, String json) {
        try {
            // Events name users and sessions: readable by the server's user only.
            PrivateFiles.append(path, (json + "\n").getBytes(StandardCharsets.UTF_8));
            fileBroken = false;
        } catch (IOException e) {
            // Log once per outage, not once per event: a full disk would otherwise flood the log.
            if (!fileBroken) log.error("cannot append to the events log {}: {}", path, e.getMessage());
            fileBroken = true;
        }
    }
}
