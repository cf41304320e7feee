package dev.remolt.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remolt.config.Config.RuntimeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapProbeTest {
    private static final String UBUNTU_REFUSAL = "bwrap: setting up uid map: Permission denied";

    @TempDir
    Path dir;

    /** A bwrap that fails as Ubuntu 24.04's does, and a /proc/sys holding the given settings. */
    private BubblewrapProbe refusingProbe(String... sysctls) throws Exception {
        Path bwrap = Files.writeString(dir.resolve("bwrap"), "#!/bin/sh\necho '" + UBUNTU_REFUSAL + "' >&2\nexit 1\n");
        bwrap.toFile().setExecutable(true);
        Path procSys = dir.resolve("sys");
        for (int i = 0; i < sysctls.length; i += 2) {
            Path file = procSys.resolve(sysctls[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, sysctls[i + 1] + "\n");
        }
        return new BubblewrapProbe(List.of(bwrap.toString(), "--unshare-all"), procSys);
    }

    @Test
    @DisplayName("on this machine bubblewrap's self-test passes, as the unprivileged user sandboxes run as")
    void passesHere() {
        assertThat(BubblewrapProbe.forThisMachine().refusal()).isEmpty();
    }

    @Test
    @DisplayName("an AppArmor refusal names kernel.apparmor_restrict_unprivileged_userns and the sysctl that fixes it")
    void namesTheAppArmorSetting() throws Exception {
        var refusal = refusingProbe("kernel/apparmor_restrict_unprivileged_userns", "1").refusal();
        assertThat(refusal).hasValueSatisfying(reason -> assertThat(reason)
                .contains(UBUNTU_REFUSAL)
                .contains("kernel.apparmor_restrict_unprivileged_userns=1")
                .contains("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")
                .contains("/etc/sysctl.d/"));
    }

    @Test
    @DisplayName("a kernel without unprivileged user namespaces names kernel.unprivileged_userns_clone")
    void namesTheDebianSetting() throws Exception {
        var refusal = refusingProbe("kernel/apparmor_restrict_unprivileged_userns", "0",
                "kernel/unprivileged_userns_clone", "0").refusal();
        assertThat(refusal).hasValueSatisfying(reason -> assertThat(reason)
                .contains("sudo sysctl -w kernel.unprivileged_userns_clone=1"));
    }

    @Test
    @DisplayName("a missing bwrap is a refusal, not an exception")
    void missingBwrap() {
        var refusal = new BubblewrapProbe(List.of(dir.resolve("no-bwrap").toString()), dir).refusal();
        assertThat(refusal).hasValueSatisfying(reason -> assertThat(reason).startsWith("bubblewrap cannot be started"));
    }

    @Test
    @DisplayName("REMOLT_RUNTIME=local stops at start-up with the refusal and its fix, instead of failing at Launch")
    void localRequestedStopsWithTheFix() throws Exception {
        BubblewrapProbe probe = refusingProbe("kernel/apparmor_restrict_unprivileged_userns", "1");
        assertThatThrownBy(() -> RuntimeDetector.detect(RuntimeChoice.LOCAL, dir.resolve("no-token"), probe))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("REMOLT_RUNTIME=local cannot run here: bubblewrap cannot create a sandbox")
                .hasMessageContaining("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
    }
}
