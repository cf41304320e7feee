package dev.remolt.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.testing.Jsons;
import dev.remolt.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Upload and download through the real API into a real sandbox. */
@Timeout(60)
class WorkspaceTransferTest {
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("REMOLT_MAX_SESSIONS_PER_USER", "10"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> upload(String id, byte[] body, String type) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sessions/" + id + "/upload"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", type).header("Origin", server.baseUrl())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String inSandbox(String id, String script) throws Exception {
        return server.server().runtime().exec(id, List.of("sh", "-c", script)).output();
    }

    @Test
    @DisplayName("an uploaded archive lands in the workspace, and the download gives it back with links as links")
    void uploadThenDownload() throws Exception {
        String id = server.createShell();
        byte[] archive = HostileArchives.tarGz(w -> w.dir("proj").file("proj/readme.md", "hello upload")
                .file("proj/run.sh", "#!/bin/sh\necho ran", 04755).symlink("proj/link", "readme.md"));
        var response = upload(id, archive, "application/gzip");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Jsons.parse(response.body()).get("entries").asInt()).isEqualTo(4);
        assertThat(inSandbox(id, "cat ~/workspace/proj/link; stat -c '%a' ~/workspace/proj/run.sh; ls -a ~"))
                .contains("hello upload").contains("755").doesNotContain(".remolt-upload");

        inSandbox(id, "ln -s /etc/shadow ~/workspace/evil; mkfifo ~/workspace/pipe; echo data > ~/workspace/plain");
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/api/sessions/" + id + "/download")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/gzip");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(".tar.gz"));
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (var tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(download.body())))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) entries.add(e);
        }
        assertThat(entries).extracting(TarArchiveEntry::getName)
                .contains("workspace/proj/readme.md", "workspace/plain", "workspace/evil").doesNotContain("workspace/pipe");
        TarArchiveEntry evil = entries.stream().filter(e -> e.getName().equals("workspace/evil")).findFirst().orElseThrow();
        assertThat(evil.isSymbolicLink()).isTrue();
        assertThat(evil.getLinkName()).isEqualTo("/etc/shadow");
    }

    @Test
    @DisplayName("a hostile archive is refused whole with the bad entry named, and the workspace is unchanged")
    void hostileArchiveChangesNothing() throws Exception {
        String id = server.createShell();
        String before = inSandbox(id, "find ~/workspace | sort");
        byte[] archive = HostileArchives.tarGz(w -> w.file("good.txt", "fine").file("../escape.txt", "bad"));
        var response = upload(id, archive, "application/gzip");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Jsons.field(response.body(), "message")).contains("\"../escape.txt\"").contains("Nothing was changed");
        assertThat(inSandbox(id, "find ~/workspace | sort")).isEqualTo(before);
        assertThat(inSandbox(id, "ls -a ~; ls ~/.. ")).doesNotContain("good.txt").doesNotContain("escape.txt").doesNotContain(".remolt-upload");
    }

    @Test
    @DisplayName("malformed uploads get clear 4xx answers")
    void malformedUploads() throws Exception {
        String id = server.createShell();
        assertThat(upload(id, "plain text".getBytes(), "application/gzip").statusCode()).isEqualTo(400);
        assertThat(upload(id, new byte[0], "application/gzip").statusCode()).isEqualTo(400);
        assertThat(upload(id, "{}".getBytes(), "application/json").statusCode()).isEqualTo(415);
        String boundary = "XyZ";
        String twoFiles = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.tar.gz\"\r\n\r\nA\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.tar.gz\"\r\n\r\nB\r\n--" + boundary + "--\r\n";
        var multi = upload(id, twoFiles.getBytes(), "multipart/form-data; boundary=" + boundary);
        assertThat(multi.statusCode()).as(multi.body()).isEqualTo(400);
        assertThat(upload("0123456789abcdef", new byte[0], "application/gzip").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("T29: parallel uploads and downloads into several sessions all complete, with heap flat")
    void parallelTransfers() throws Exception {
        List<String> ids = List.of(server.createShell(), server.createShell(), server.createShell());
        byte[] archive = HostileArchives.tarGz(w -> w.file("data/random.txt", "x".repeat(8 * 1024 * 1024)));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (String id : ids) {
                results.add(pool.submit(() -> upload(id, archive, "application/gzip").statusCode()));
                results.add(pool.submit(() -> HTTP.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/api/sessions/" + id + "/download")).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (var result : results) assertThat(result.get(90, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) assertThat(inSandbox(id, "wc -c < ~/workspace/data/random.txt").strip()).isEqualTo("8388608");
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        assertThat(heapAfter - heapBefore).as("heap growth after the transfers").isLessThan(64L * 1024 * 1024);
    }

    @Test
    @DisplayName("a multipart upload in the field file works like a raw one")
    void multipartUpload() throws Exception {
        String id = server.createShell();
        byte[] archive = HostileArchives.tarGz(w -> w.file("multi.txt", "via multipart"));
        String boundary = "B0undary";
        var body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.tar.gz\"\r\n"
                + "Content-Type: application/gzip\r\n\r\n").getBytes());
        body.write(archive);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        var response = upload(id, body.toByteArray(), "multipart/form-data; boundary=" + boundary);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(inSandbox(id, "cat ~/workspace/multi.txt")).contains("via multipart");
    }
}
