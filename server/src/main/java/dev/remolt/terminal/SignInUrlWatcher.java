package dev.remolt.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.remolt.api.Json;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.TmuxCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one session's terminal output for sign-in links. Output that mentions a URL arms it;
 * while armed, it reads the screen from tmux (wrapped lines joined) at most every 300 ms, and
 * reports each new sign-in URL once, as a ready-to-send {@code auth_url} event.
 */
final class SignInUrlWatcher {
    private static final Logger log = LoggerFactory.getLogger(SignInUrlWatcher.class);
    private static final long ARMED_NANOS = 2_000_000_000L;
    private static final long SCAN_GAP_NANOS = 300_000_000L;
    private static final long SETTLE_MILLIS = 150;
    private static final long REMEMBER_NANOS = 10 * 60 * 1_000_000_000L;

    private final String sessionId;
    private final SandboxRuntime runtime;
    private final Consumer<String> report;
    private String tail = "";
    private long armedUntil;
    private long lastScan;
    private boolean scanning;
    private String lastUrl;
    private String lastEvent;
    private long lastEventAt;

    SignInUrlWatcher(String sessionId, SandboxRuntime runtime, Consumer<String> report) {
        this.sessionId = sessionId;
        this.runtime = runtime;
        this.report = report;
    }

    /** Called by every viewer's pump with what it just sent. */
    synchronized void output(int window, byte[] buffer, int count) {
        // Latin-1 maps bytes one to one: enough to spot "http" split across two frames.
        String text = tail + new String(buffer, 0, count, StandardCharsets.ISO_8859_1);
        tail = text.substring(Math.max(0, text.length() - 8));
        long now = System.nanoTime();
        if (text.contains("http") || text.contains("://")) armedUntil = now + ARMED_NANOS;
        if (now < armedUntil && !scanning && now - lastScan > SCAN_GAP_NANOS) {
            scanning = true;
            Thread.ofVirtual().name("sign-in-scan-" + sessionId).start(() -> scan(window));
        }
    }

    /** The latest sign-in event, for a viewer that attaches while the user may still need it. */
    synchronized Optional<String> recentEvent() {
        return lastEvent != null && System.nanoTime() - lastEventAt < REMEMBER_NANOS ? Optional.of(lastEvent) : Optional.empty();
    }

    private void scan(int window) {
        try {
            Thread.sleep(SETTLE_MILLIS); // let the application finish drawing the screen
            String target = TmuxCommands.SESSION + ":" + window;
            String out = runtime.tmux(sessionId, List.of("capture-pane", "-p", "-J", "-t", target, ";",
                    "display-message", "-p", "-t", target, "#{pane_width}"));
            int lastBreak = out.stripTrailing().lastIndexOf('\n');
            int width = Integer.parseInt(out.substring(lastBreak + 1).strip());
            SignInUrls.find(out.substring(0, Math.max(0, lastBreak)), width).ifPresent(this::found);
        } catch (SandboxException | NumberFormatException e) {
            log.debug("sign-in scan of session {} failed: {}", sessionId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                scanning = false;
                lastScan = System.nanoTime();
            }
        }
    }

    private void found(SignInUrls.SignInUrl url) {
        String event;
        synchronized (this) {
            if (url.url().equals(lastUrl)) return;
            lastUrl = url.url();
            try {
                event = Json.MAPPER.writeValueAsString(Map.of("type", "auth_url", "url", url.url(),
                        "provider", url.provider(), "code", url.code() == null ? "" : url.code()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("auth_url event is not serialisable", e);
            }
            lastEvent = event;
            lastEventAt = System.nanoTime();
        }
        log.info("sign-in URL shown in session {} ({})", sessionId, url.provider());
        report.accept(event);
    }
}
