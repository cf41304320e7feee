package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.remolt.agents.Agent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@code remolt-base} and {@code remolt-{agent}} through the Engine API when they are missing
 * or stale. Each image carries the hash of what it was built from (the build context, the base
 * image and, for agents, the install command) in the label {@value #HASH_LABEL}; a differing hash
 * means a rebuild. Docker's layer cache makes a rebuild of unchanged steps cheap.
 */
final class ImageBuilder {
    static final String HASH_LABEL = "remolt.build-hash";
    static final String BASE_IMAGE = "remolt-base";
    private static final Logger log = LoggerFactory.getLogger(ImageBuilder.class);
    private static final long BUILD_TIMEOUT_MINUTES = 30;

    private final DockerClient docker;
    private final DockerSettings settings;
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private volatile Consumer<String> progress = line -> {};

    ImageBuilder(DockerClient docker, DockerSettings settings) {
        this.docker = docker;
        this.settings = settings;
    }

    void onProgress(Consumer<String> listener) {
        this.progress = listener == null ? line -> {} : listener;
    }

    static String imageOf(Agent agent) {
        return "remolt-" + agent.id();
    }

    /**
     * Makes sure the agent's image is current and returns its name. The first call per agent reads
     * the context and asks the engine; later calls answer from memory, so create() stays fast.
     * One build at a time: concurrent first sessions wait for the same build instead of racing it.
     */
    String ensure(Agent agent) throws IOException {
        if (settings.sandboxImage().isPresent()) return existing(settings.sandboxImage().get());
        String image = imageOf(agent);
        if (verified.containsKey(image)) return image;
        synchronized (this) {
            if (verified.containsKey(image)) return image;
            BuildContext context = BuildContext.of(settings.containerDir(), settings.extraCaCerts());
            String baseHash = hash(context.hash(), "BASE_IMAGE=" + settings.baseImage());
            build(BASE_IMAGE, "Dockerfile.base", context, baseHash, Map.of("BASE_IMAGE", settings.baseImage()));
            String agentHash = hash(baseHash, "AGENT_ID=" + agent.id(), "AGENT_INSTALL=" + agent.install());
            build(image, "Dockerfile.agent", context, agentHash, Map.of("BASE", BASE_IMAGE, "AGENT_ID", agent.id(),
                    "AGENT_INSTALL", agent.install().isBlank() ? "true" : agent.install()));
            verified.put(image, agentHash);
            return image;
        }
    }

    /** An image the operator built (REMOLT_SANDBOX_IMAGE): never built here, only checked to exist. */
    private String existing(String image) throws IOException {
        if (verified.containsKey(image)) return image;
        try {
            docker.inspectImageCmd(image).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new IOException("REMOLT_SANDBOX_IMAGE=" + image + " is not on the Docker engine; build or pull it first", e);
        }
        verified.put(image, "");
        return image;
    }

    /** The next ensure() asks the engine again, e.g. after the image was removed by hand. */
    void forget(Agent agent) {
        verified.remove(imageOf(agent));
    }

    private void build(String image, String dockerfile, BuildContext context, String hash, Map<String, String> args)
            throws IOException {
        Optional<InspectImageResponse> current = inspect(image);
        String currentHash = current.map(i -> i.getConfig().getLabels()).map(l -> l.get(HASH_LABEL)).orElse(null);
        if (hash.equals(currentHash)) return;
        String why = current.isEmpty() ? "missing" : currentHash == null ? "not built by Remolt" : "out of date";
        log.info("building image {} ({}; this can take minutes the first time)", image, why);
        report(image, "building (" + why + ")");
        var command = docker.buildImageCmd(new ByteArrayInputStream(context.tar()))
                .withDockerfilePath(dockerfile)
                .withTags(Set.of(image))
                .withLabels(Map.of(HASH_LABEL, hash))
                .withRemove(true)
                .withForcerm(true)
                .withPull(false);
        args.forEach(command::withBuildArg);
        long started = System.nanoTime();
        try {
            var callback = command.exec(new Progress(image));
            if (!callback.awaitCompletion(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                callback.close();
                throw new IOException("building " + image + " took longer than " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            callback.awaitImageId();
        } catch (DockerClientException e) {
            throw new IOException("building image " + image + " from " + settings.containerDir().resolve(dockerfile)
                    + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building " + image, e);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        log.info("built image {} in {} s", image, seconds);
        report(image, "built in " + seconds + " s");
        current.ifPresent(old -> removeReplaced(image, old.getId()));
    }

    private Optional<InspectImageResponse> inspect(String image) {
        try {
            return Optional.of(docker.inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Each rebuild would otherwise leave the previous image behind, untagged; in use, it stays. */
    private void removeReplaced(String image, String oldId) {
        try {
            if (oldId.equals(docker.inspectImageCmd(image).exec().getId())) return;
            docker.removeImageCmd(oldId).withForce(false).withNoPrune(false).exec();
            log.info("removed the previous image of {} ({})", image, oldId);
        } catch (DockerException e) {
            log.debug("kept the previous image of {} ({}): {}", image, oldId, e.getMessage());
        }
    }

    private void report(String image, String line) {
        try {
            progress.accept("image " + image + ": " + line);
        } catch (RuntimeException e) {
            log.warn("build progress listener failed: {}", e.toString());
        }
    }

    private static String hash(String... parts) {
        var digest = BuildContext.sha256();
        for (String part : parts) digest.update((part + "\0").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Logs every "Step n/m" line and hands it to the listener; the rest of the output goes to debug. */
    private final class Progress extends BuildImageResultCallback {
        private final String image;
        private final StringBuilder tail = new StringBuilder();

        Progress(String image) {
            this.image = image;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            String stream = item.getStream();
            if (stream != null) {
                for (String line : stream.split("\n")) {
                    if (line.isBlank()) continue;
                    if (line.startsWith("Step ")) {
                        log.info("image {}: {}", image, line.length() > 160 ? line.substring(0, 160) + "..." : line);
                        report(image, line);
                    } else {
                        log.debug("image {}: {}", image, line);
                    }
                }
            }
            super.onNext(item);
        }
    }
}
