package dev.remolt.proxy;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.StreamingExec;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one HTTP request to an app inside a sandbox over a byte stream the runtime opens there,
 * and streams the answer back as it comes (no buffering, no time cap). Redirects pass through to
 * the browser; they are never followed here.
 */
public final class HttpProxy {
    private static final Logger log = LoggerFactory.getLogger(HttpProxy.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-connection", "content-length");

    private final SandboxRuntime runtime;
    private final Consumer<String> activity;

    /** {@code activity} hears the session id of every proxied request: it counts against idleness. */
    public HttpProxy(SandboxRuntime runtime, Consumer<String> activity) {
        this.runtime = runtime;
        this.activity = activity;
    }

    /**
     * Answers {@code ctx} with what {@code port} in the session's sandbox answers at {@code pathAndQuery};
     * {@code origin} says where the browser shows it, and so what of the app's answer it keeps.
     */
    public void forward(Context ctx, String sessionId, int port, String pathAndQuery, Map<String, String> addedHeaders,
                        AnswerOrigin origin) throws IOException, SandboxException, InterruptedException {
        activity.accept(sessionId);
        try (StreamingExec upstream = runtime.openPort(sessionId, port)) {
            Map<String, String> framing = new LinkedHashMap<>(addedHeaders);
            framing.put("Connection", "close");
            String length = ctx.header("Content-Length");
            boolean chunkedBody = length == null && "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
            if (length != null) framing.put("Content-Length", length);
            if (chunkedBody) framing.put("Transfer-Encoding", "chunked");
            try (OutputStream out = upstream.stdin()) {
                out.write(ProxiedRequest.head(ctx.method().name(), pathAndQuery, port, ctx.headerMap().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> java.util.List.of(e.getValue()))), framing));
                if (length != null) ctx.bodyInputStream().transferTo(out);
                if (chunkedBody) copyChunked(ctx.bodyInputStream(), out);
            } catch (IOException e) {
                // The upstream may answer (and close) before reading the whole body; read what it said.
                log.debug("sending to port {} of session {} stopped early: {}", port, sessionId, e.getMessage());
            }
            UpstreamResponse response = UpstreamResponse.read(upstream.stdout());
            if (response == null) {
                int code = upstream.waitFor(Duration.ofSeconds(2));
                ctx.status(502).contentType("text/plain; charset=utf-8").header("X-Content-Type-Options", "nosniff")
                        .result(code == 7 ? "Nothing listens on port " + port + " in this session yet.\n"
                                : "The app in this session did not answer.\n");
                return;
            }
            ctx.status(response.status());
            for (var header : response.headers()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                // Javalin presets text/plain, and an added Content-Type does not replace it: set it.
                if (name.equals("content-type")) ctx.contentType(header.getValue());
                else if (!HOP_BY_HOP.contains(name) && origin.passes(name)) ctx.res().addHeader(header.getKey(), header.getValue());
            }
            if (origin.sandboxed()) ctx.res().addHeader("Content-Security-Policy", AnswerOrigin.SANDBOX_CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            InputStream body = response.chunked() ? new ChunkedInputStream(upstream.stdout()) : upstream.stdout();
            String upstreamLength = response.header("Content-Length");
            if (!response.chunked() && upstreamLength != null && upstreamLength.matches("\\d{1,18}")) {
                ctx.res().setContentLengthLong(Long.parseLong(upstreamLength));
            }
            try {
                stream(body, ctx.res().getOutputStream());
            } catch (IOException e) {
                // The browser left or the app stopped mid-answer: the status is sent, nothing is left to tell.
                log.debug("answer from port {} of session {} ended early: {}", port, sessionId, e.getMessage());
            }
        }
    }

    /**
     * Copies the answer to the browser as it arrives, flushing after every read: a result stream
     * handed to Javalin would sit in the response buffer until it filled, so a slow or streamed
     * answer (server-sent events, progress, long polls) would reach the browser only at its end.
     */
    private static void stream(InputStream body, OutputStream browser) throws IOException {
        byte[] buffer = new byte[32 * 1024];
        for (int n; (n = body.read(buffer)) > 0; ) {
            browser.write(buffer, 0, n);
            browser.flush();
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[32 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(buffer, 0, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
