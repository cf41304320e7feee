package dev.remolt.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each user's secrets (stored API keys, the GitHub token of their sign-in, their GitHub name and
 * e-mail): one AES-GCM file per user in {@code {data}/vault}, mode 0600, written atomically, and a
 * decrypted copy in memory. Values never leave through the API; only key names do.
 */
public final class UserVault {
    private static final Logger log = LoggerFactory.getLogger(UserVault.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one user's file holds, in the clear only in memory. */
    public record Contents(String githubToken, String name, String email, Map<String, String> keys) {
        static final Contents EMPTY = new Contents(null, null, null, Map.of());

        public Contents {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
        }

        @Override
        public String toString() {
            return "Contents[keys=" + new TreeMap<>(keys).keySet() + ", githubToken=" + (githubToken == null ? "none" : "set") + "]";
        }
    }

    private final Path dir;
    private final SecretBox box;
    private final Map<String, Contents> cache = new ConcurrentHashMap<>();

    public UserVault(Path dir, byte[] key) {
        this.dir = dir;
        this.box = new SecretBox(key);
    }

    public Contents of(String user) {
        return cache.computeIfAbsent(user, this::load);
    }

    public List<String> keyNames(String user) {
        return List.copyOf(new TreeMap<>(of(user).keys()).keySet());
    }

    public synchronized void putKeys(String user, Map<String, String> added) {
        Contents old = of(user);
        Map<String, String> keys = new TreeMap<>(old.keys());
        keys.putAll(added);
        save(user, new Contents(old.githubToken(), old.name(), old.email(), keys));
    }

    /** False when the user had no such key. */
    public synchronized boolean deleteKey(String user, String name) {
        Contents old = of(user);
        if (!old.keys().containsKey(name)) return false;
        Map<String, String> keys = new TreeMap<>(old.keys());
        keys.remove(name);
        save(user, new Contents(old.githubToken(), old.name(), old.email(), keys));
        return true;
    }

    public synchronized void putGitHub(String user, String token, String name, String email) {
        save(user, new Contents(token, name, email, of(user).keys()));
    }

    public synchronized void forgetGitHubToken(String user) {
        Contents old = of(user);
        if (old.githubToken() != null) save(user, new Contents(null, old.name(), old.email(), old.keys()));
    }

    private void save(String user, Contents contents) {
        try {
            PrivateFiles.write(fileOf(user), box.seal(JSON.writeValueAsBytes(contents), associatedData(user)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the secrets of user " + user + " to " + dir, e);
        }
        cache.put(user, contents);
    }

    private Contents load(String user) {
        Path file = fileOf(user);
        if (!Files.exists(file)) return Contents.EMPTY;
        try {
            return JSON.readValue(box.open(Files.readAllBytes(file), associatedData(user)), Contents.class);
        } catch (GeneralSecurityException | IOException e) {
            // Never guess: a file that does not open with this key stays where it is, for an operator to restore the key.
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            log.error("the stored secrets of user {} cannot be opened ({}); moved to {}; was {}/secrets.key replaced?",
                    user, e.getClass().getSimpleName(), aside.getFileName(), dir.getParent());
            try {
                Files.move(file, aside);
            } catch (IOException moveFailure) {
                throw new UncheckedIOException("cannot move aside " + file, moveFailure);
            }
            return Contents.EMPTY;
        }
    }

    private static String associatedData(String user) {
        return "remolt-vault-v1:" + user;
    }

    /** Hashed, so a login never becomes a path and the folder does not list who uses the server. */
    private Path fileOf(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest) + ".vault");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
