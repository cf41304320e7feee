package dev.remolt.session;

import dev.remolt.secrets.PrivateFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sessions.json}: written whole, atomically (temp file, fsync, rename, fsync the folder),
 * so a crash at any moment leaves either the previous state or the new one, never a torn file.
 */
public final class SessionStore {
    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One saved session, enough to adopt its sandbox again after a restart. */
    public record Entry(String sessionId, String owner, String agent, long created, boolean hasRepo) {
        static Entry of(Session s) {
            return new Entry(s.id(), s.owner(), s.agentId(), s.created().getEpochSecond(), s.hasRepo());
        }

        Session toSession() {
            return new Session(sessionId, owner, agent, Instant.ofEpochSecond(created), hasRepo);
        }
    }

    private record FileFormat(int version, List<Entry> sessions) {}

    private static final int VERSION = 1;
    private final Path file;

    public SessionStore(Path file) {
        this.file = file;
    }

    /** The saved sessions; a missing file is empty, an unreadable one is set aside and reported. */
    public List<Entry> load() {
        if (!Files.exists(file)) return List.of();
        try {
            FileFormat saved = JSON.readValue(file.toFile(), new TypeReference<FileFormat>() {});
            if (saved == null || saved.version() != VERSION || saved.sessions() == null) {
                throw new IOException("unknown format or version");
            }
            return saved.sessions();
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            log.error("{} is unreadable ({}); moved it to {} and rebuilding from the sandboxes' labels",
                    file, e.getMessage(), aside.getFileName());
            try {
                Files.move(file, aside);
            } catch (IOException moveFailure) {
                log.error("cannot move {} aside: {}", file, moveFailure.getMessage());
            }
            return List.of();
        }
    }

    /** Atomically, mode 0600: the file names every user and their sessions. */
    public synchronized void save(Collection<Session> sessions) throws IOException {
        PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                new FileFormat(VERSION, sessions.stream().map(Entry::of).toList())));
    }
}
