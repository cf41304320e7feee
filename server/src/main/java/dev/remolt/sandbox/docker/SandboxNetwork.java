package dev.remolt.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bridge network every sandbox joins. Inter-container traffic is off, so sandboxes reach the
 * internet but not each other; one network per session would exhaust Docker's default address
 * pools at about 30 sessions.
 */
final class SandboxNetwork {
    static final String NO_ICC = "com.docker.network.bridge.enable_icc";
    private static final Logger log = LoggerFactory.getLogger(SandboxNetwork.class);

    private SandboxNetwork() {}

    static void ensure(DockerClient docker, String name) {
        var existing = docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(n -> n.getName().equals(name)).findFirst();
        if (existing.isPresent()) {
            var options = existing.get().getOptions();
            if (options == null || !"false".equals(options.get(NO_ICC))) {
                log.warn("network {} lets sandboxes reach each other ({} is not false); remove it to let the server recreate it",
                        name, NO_ICC);
            }
            return;
        }
        try {
            docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                    .withOptions(Map.of(NO_ICC, "false"))
                    .withLabels(Map.of("remolt.role", "sandbox-network"))
                    .exec();
            log.info("created network {} (bridge, inter-container traffic off)", name);
        } catch (ConflictException e) {
            // Another server created it at the same moment.
            log.debug("network {} appeared meanwhile", name);
        }
    }
}
