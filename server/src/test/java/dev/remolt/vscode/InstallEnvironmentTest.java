package dev.remolt.vscode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What of the server's environment an install step gets. */
class InstallEnvironmentTest {
    private static final Path NPM_HOME = Path.of("/srv/tools/.npm-home");
    private static final Path USER_CONFIG = Path.of("/srv/tools/.npm-user-config");

    @Test
    @DisplayName("only the path, the proxy, the certificates and npm's settings pass; secrets and the server's home stay behind")
    void keepsOnlyWhatNpmNeeds() {
        Map<String, String> server = Map.of(
                "PATH", "/opt/node/bin:/usr/bin",
                "HOME", "/root",
                "GITHUB_CLIENT_SECRET", "hunter2",
                "REMOLT_COOKIE_SECRET", "cookie-key",
                "https_proxy", "http://proxy.example:3128",
                "NO_PROXY", "localhost",
                "NODE_EXTRA_CA_CERTS", "/etc/ssl/inspecting-proxy.pem",
                "npm_config_nodedir", "/usr",
                "NPM_CONFIG_REGISTRY", "https://mirror.example/");
        assertThat(InstallEnvironment.of(server, NPM_HOME, USER_CONFIG)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PATH", "/opt/node/bin:/usr/bin",
                "HOME", NPM_HOME.toString(),
                "LANG", "C.UTF-8",
                "https_proxy", "http://proxy.example:3128",
                "NO_PROXY", "localhost",
                "NODE_EXTRA_CA_CERTS", "/etc/ssl/inspecting-proxy.pem",
                "npm_config_nodedir", "/usr",
                "NPM_CONFIG_REGISTRY", "https://mirror.example/",
                "npm_config_userconfig", USER_CONFIG.toString(),
                "npm_config_cache", NPM_HOME.resolve(".npm").toString()));
    }

    @Test
    @DisplayName("the server's own npm user config and cache, in either spelling, give way to the install's")
    void userConfigAndCacheAreTheInstalls() {
        Map<String, String> server = Map.of("NPM_CONFIG_USERCONFIG", "/root/.npmrc", "npm_config_cache", "/root/.npm",
                "NPM_CONFIG_CACHE", "/root/.npm");
        Map<String, String> environment = InstallEnvironment.of(server, NPM_HOME, USER_CONFIG);
        assertThat(environment).doesNotContainKeys("NPM_CONFIG_USERCONFIG", "NPM_CONFIG_CACHE")
                .containsEntry("npm_config_userconfig", USER_CONFIG.toString())
                .containsEntry("npm_config_cache", NPM_HOME.resolve(".npm").toString())
                .containsEntry("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
}
