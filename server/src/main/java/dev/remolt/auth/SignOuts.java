package dev.remolt.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.remolt.secrets.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Each user's sign-out epoch: a cookie is valid only while its epoch is the user's current one,
 * so signing out (which bumps it) makes every earlier cookie of that user worthless, on every
 * device, and stays so across restarts.
 */
public final class SignOuts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public SignOuts(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) epochs.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Long>>() {}));
    }

    public long epochOf(String user) {
        return epochs.getOrDefault(user, 0L);
    }

    /** {@code listener} hears every user who signs out, after their epoch moved on (to close what they hold open). */
    public void onSignOut(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Ends every sign-in of {@code user} so far. */
    public synchronized void signOut(String user) {
        epochs.merge(user, 1L, Long::sum);
        try {
            PrivateFiles.write(file, JSON.writeValueAsBytes(new HashMap<>(epochs)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save sign-outs to " + file, e);
        }
        listeners.forEach(listener -> listener.accept(user));
    }
}
