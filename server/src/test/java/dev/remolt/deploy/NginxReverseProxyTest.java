package dev.remolt.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The docs' nginx example (deploy/nginx/remolt.conf, HTTPS lines swapped for a loopback port) run by Debian's nginx. */
@Timeout(120)
class NginxReverseProxyTest {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    @TempDir
    Path prefix;

    /** The example file, with its HTTPS listener and certificate swapped for a loopback port. */
    static String nginxConf(int listen, int upstream) throws IOException {
        String example = Files.readString(QuickStartScript.REPO.resolve("deploy/nginx/remolt.conf"));
        String site = example.replace("listen 443 ssl;", "listen 127.0.0.1:" + listen + ";")
                .replaceAll("(?m)^\\s*ssl_certificate.*\\n", "")
                .replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + upstream + ";");
        assertThat(site).doesNotContain("443").doesNotContain(":8080");
        return """
                pid nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path body; proxy_temp_path proxy; fastcgi_temp_path fastcgi;
                    uwsgi_temp_path uwsgi; scgi_temp_path scgi;
                %s
                }
                """.formatted(site);
    }

    @Test
    @DisplayName("through nginx a session starts, its terminal runs a command, an upload past nginx's 1 MB default lands, and the app's WebSocket echoes")
    void terminalUploadAndAppSocketThroughNginx() throws Exception {
        assertThat(NGINX).as("nginx (apt-get install nginx; .ci/run installs it)").isExecutable();
        int port = ThroughAProxy.freePort();
        try (ThroughAProxy through = ThroughAProxy.start(port, prefix, upstream -> {
            try {
                Files.writeString(prefix.resolve("nginx.conf"), nginxConf(port, upstream));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of(NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                    "-e", "stderr", "-g", "daemon off; master_process off;");
        }, Map.of())) {
            through.runsATerminalAnUploadAndAnAppSocket();
        }
    }
}
