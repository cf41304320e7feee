package dev.remolt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("with nothing set, every setting takes its documented default")
    void defaults() {
        Config config = ConfigLoader.load(Map.of(), dir);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.maxSessions()).isEqualTo(10);
        assertThat(config.maxSessionsPerUser()).isEqualTo(2);
        assertThat(config.maxIdleSeconds()).isEqualTo(3600);
        assertThat(config.cleanupIntervalSeconds()).isEqualTo(60);
        assertThat(config.runtime()).isEqualTo(Config.RuntimeChoice.AUTO);
        assertThat(config.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.sessionsFile()).isEqualTo(dir.resolve("data/sessions.json"));
        assertThat(config.namespace()).isEqualTo("remolt");
        assertThat(config.baseImage()).isEqualTo("ubuntu:24.04");
        assertThat(config.authEnabled()).isFalse();
        assertThat(config.localNetwork()).isEqualTo(Config.LocalNetwork.USER);
        assertThat(config.egressAllow()).isEmpty();
    }

    @Test
    @DisplayName("egress exceptions are read as addresses and blocks with optional ports; each bad one is named")
    void egressExceptions() {
        Config config = ConfigLoader.load(Map.of("REMOLT_EGRESS_ALLOW", "127.0.0.1:5432, 198.51.100.3/16, 203.0.113.7:22, [::1]:8080, fd00::/8"), dir);
        assertThat(config.egressAllow()).extracting(EgressRule::cidr)
                .containsExactly("127.0.0.1/32", "198.51.0.0/16", "203.0.113.7/32", "0:0:0:0:0:0:0:1/128", "fd00:0:0:0:0:0:0:0/8");
        assertThat(config.egressAllow().get(0).hostLoopback()).isTrue();
        assertThat(config.egressAllow().get(1).port()).isEmpty();
        assertThat(config.egressAllow().get(2).port()).hasValue(22);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("REMOLT_EGRESS_ALLOW", "127.0.0.1,example.com:443,198.51.100.0/40,127.0.0.2:80,1.2.3.4:99999"), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("127.0.0.1: a service on the host's loopback needs its port")
                .hasMessageContaining("example.com:443: example.com is not an IPv4 or IPv6 address")
                .hasMessageContaining("198.51.100.0/40: prefix /40 is longer than 32 bits")
                .hasMessageContaining("127.0.0.2:80: of the host's loopback, only 127.0.0.1:PORT or [::1]:PORT can be opened")
                .hasMessageContaining("1.2.3.4:99999: port must be between 1 and 65535");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("REMOLT_LOCAL_NETWORK", "bridge"), dir))
                .hasMessageContaining("REMOLT_LOCAL_NETWORK=bridge: unknown value; allowed values are none, user, host");
    }

    @Test
    @DisplayName("an unknown runtime names the allowed values")
    void anUnknownRuntimeNamesTheAllowedValues() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("REMOLT_RUNTIME", "podman"), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REMOLT_RUNTIME=podman")
                .hasMessageContaining("auto, local, docker, kubernetes");
    }

    @Test
    @DisplayName("every bad value is reported at once, one line each")
    void everyBadValueIsReported() {
        var e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.load(Map.of(
                "REMOLT_PORT", "eighty", "REMOLT_MAX_SESSIONS", "0", "GITHUB_CLIENT_ID", "x",
                "REMOLT_PUBLIC_URL", "ftp://x", "REMOLT_EXTRA_CA_CERTS", "/nope.pem"), dir));
        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("REMOLT_PORT=eighty: not a whole number"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("REMOLT_MAX_SESSIONS=0: must be between 1"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("GITHUB_CLIENT_SECRET"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("REMOLT_PUBLIC_URL=ftp://x"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("REMOLT_EXTRA_CA_CERTS=/nope.pem"));
    }

    @Test
    @DisplayName(".env fills in what the environment leaves unset, and the environment wins")
    void dotEnvIsAFallback() throws Exception {
        Files.writeString(dir.resolve(".env"), "# comment\nREMOLT_MAX_SESSIONS=7\nexport REMOLT_PORT=\"9090\"\nCOOKIE_SECRET='0123456789abcdef0123456789abcdef'\n");
        var fromFile = DotEnv.read(dir.resolve(".env"));
        assertThat(fromFile).containsEntry("REMOLT_MAX_SESSIONS", "7").containsEntry("REMOLT_PORT", "9090")
                .containsEntry("COOKIE_SECRET", "0123456789abcdef0123456789abcdef");
        var merged = new java.util.HashMap<>(fromFile);
        merged.put("REMOLT_PORT", "7070");
        Config config = ConfigLoader.load(merged, dir);
        assertThat(config.port()).isEqualTo(7070);
        assertThat(config.maxSessions()).isEqualTo(7);
    }

    @Test
    @DisplayName("kubernetes and operations settings: defaults, and a bad log format or start timeout is named")
    void kubernetesAndOperationsSettings() {
        Config config = ConfigLoader.load(Map.of(), dir);
        assertThat(config.imagePrefix()).isEmpty();
        assertThat(config.podStartTimeoutSeconds()).isEqualTo(300);
        assertThat(config.metricsToken()).isEmpty();
        assertThat(config.logFormat()).isEqualTo(Config.LogFormat.TEXT);
        assertThat(ConfigLoader.load(Map.of("REMOLT_LOG_FORMAT", "JSON", "REMOLT_IMAGE_PREFIX", "reg.example/x/"), dir))
                .satisfies(c -> {
                    assertThat(c.logFormat()).isEqualTo(Config.LogFormat.JSON);
                    assertThat(c.imagePrefix()).isEqualTo("reg.example/x/");
                });
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("REMOLT_LOG_FORMAT", "xml", "REMOLT_POD_START_TIMEOUT", "0"), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REMOLT_LOG_FORMAT=xml: unknown value; allowed values are text, json")
                .hasMessageContaining("REMOLT_POD_START_TIMEOUT=0: must be between 1 and 3600");
    }
}
