package dev.remolt.sandbox.docker;

import dev.remolt.config.Config;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the Docker runtime needs from the configuration.
 *
 * @param network       the one bridge network all sandboxes share ({@code REMOLT_DOCKER_NETWORK})
 * @param hardened      no-new-privileges and no capabilities at all, so no sudo ({@code REMOLT_DOCKER_HARDENED})
 * @param baseImage     the {@code FROM} of {@code remolt-base} ({@code REMOLT_BASE_IMAGE})
 * @param containerDir  the build context with {@code Dockerfile.base} and {@code Dockerfile.agent} ({@code REMOLT_CONTAINER_DIR})
 * @param extraCaCerts  a PEM bundle baked into the images, for TLS-inspecting proxies ({@code REMOLT_EXTRA_CA_CERTS})
 * @param sandboxImage  one image for every sandbox, used as is instead of building {@code remolt-{agent}} ({@code REMOLT_SANDBOX_IMAGE})
 */
public record DockerSettings(String network, boolean hardened, String baseImage, Path containerDir,
                             Optional<Path> extraCaCerts, Optional<String> sandboxImage) {

    public static DockerSettings from(Config config) {
        return new DockerSettings(config.dockerNetwork(), config.dockerHardened(), config.baseImage(),
                config.containerDir(), config.extraCaCerts(), config.sandboxImage());
    }
}
