package dev.remolt.health;

import dev.remolt.sandbox.SandboxRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the server can take new sessions: its sandbox runtime answers a listing in time, and the
 * folder of its state file takes a write. Liveness ({@code /health}) asks neither: a slow Docker
 * engine should take a server out of rotation, not get it restarted.
 */
public final class Readiness {
    static final Duration RUNTIME_TIMEOUT = Duration.ofSeconds(5);

    private final SandboxRuntime runtime;
    private final Path stateDir;
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();

    public Readiness(SandboxRuntime runtime, Path stateFile) {
        this.runtime = runtime;
        this.stateDir = stateFile.toAbsolutePath().getParent();
    }

    /** Empty when ready; otherwise what is wrong, in words. */
    public Optional<String> problem() {
        return runtimeProblem().or(this::stateProblem);
    }

    private Optional<String> runtimeProblem() {
        Future<?> listing = checks.submit(() -> runtime.list());
        try {
            listing.get(RUNTIME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            listing.cancel(true);
            return Optional.of("the " + runtime.name() + " runtime did not answer within " + RUNTIME_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of("the " + runtime.name() + " runtime does not answer: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the readiness check was interrupted");
        }
    }

    /** A real write, not a permission check: root passes every permission check, a read-only mount does not. */
    private Optional<String> stateProblem() {
        try {
            Path probe = Files.createTempFile(stateDir, ".ready-", ".tmp");
            Files.delete(probe);
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("the state folder " + stateDir + " does not exist");
        } catch (IOException e) {
            return Optional.of("the state folder " + stateDir + " takes no writes: " + e.getMessage());
        }
    }
}
