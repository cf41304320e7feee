package dev.remolt.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for Adoptium's API and the npm registry: fixed answers by path, and a record of
 * the paths asked for.
 */
final class StandInDownloads implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    final List<String> requested = new CopyOnWriteArrayList<>();

    StandInDownloads() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().toString());
            byte[] body = answers.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(String path, byte[] body) {
        answers.put(path, body);
    }

    void answer(String path, String body) {
        answer(path, body.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String sha512Integrity(byte[] bytes) throws Exception {
        return "sha512-" + java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
    }

    /** A gzipped tar of {@code dir} whose single top folder is {@code top}. */
    static byte[] tarball(Path dir, String top) throws Exception {
        Path tar = Files.createTempFile("standin", ".tar.gz");
        try {
            Process process = new ProcessBuilder("tar", "-czf", tar.toString(), "-C", dir.getParent().toString(),
                    "--transform", "s,^" + dir.getFileName() + "," + top + ",", dir.getFileName().toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("tar of " + dir + " failed: " + output);
            }
            return Files.readAllBytes(tar);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
