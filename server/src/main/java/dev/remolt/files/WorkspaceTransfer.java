package dev.remolt.files;

import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.StreamingExec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * Moves the workspace ({@code ~/workspace}) in and out of a sandbox as .tar.gz. Both directions
 * run tar inside the sandbox, in its own filesystem view: nothing outside the sandbox is read,
 * and an upload lands in a temporary folder first and is copied in only when it passed whole.
 */
public final class WorkspaceTransfer {
    private static final String DOWNLOAD = "cd ~ && find workspace \\( -type f -o -type d -o -type l \\) -print0"
            + " | tar --null --no-recursion -czf - -T -";
    private static final String UPLOAD = """
            set -e
            d=$(mktemp -d "$HOME/.remolt-upload.XXXXXX")
            trap 'rm -rf "$d"' EXIT
            tar -x --no-same-owner -C "$d"
            [ -e "$d/%s" ] || { echo "the upload did not complete" >&2; exit 3; }
            rm -f "$d/%s"
            mkdir -p "$HOME/workspace"
            cp -a "$d"/. "$HOME/workspace"/
            """.formatted(ArchiveSanitizer.COMPLETE_MARKER, ArchiveSanitizer.COMPLETE_MARKER);

    private final SandboxRuntime runtime;
    private final ArchiveLimits limits;

    public WorkspaceTransfer(SandboxRuntime runtime, ArchiveLimits limits) {
        this.runtime = runtime;
        this.limits = limits;
    }

    /** The workspace as a gzipped tar stream; closing the stream ends the command. */
    public InputStream download(String sessionId) throws SandboxException {
        StreamingExec exec = runtime.execStreaming(sessionId, List.of("sh", "-c", DOWNLOAD));
        try {
            exec.stdin().close();
        } catch (IOException e) {
            exec.close();
            throw new SandboxException(sessionId, "cannot start the download of session " + sessionId, e);
        }
        return new FilterInputStream(exec.stdout()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    exec.close();
                }
            }
        };
    }

    /** Checks and extracts {@code gzipped} into the workspace; returns the number of entries. */
    public int upload(String sessionId, InputStream gzipped) throws SandboxException {
        try (StreamingExec exec = runtime.execStreaming(sessionId, List.of("sh", "-c", UPLOAD))) {
            int entries;
            try (OutputStream stdin = exec.stdin()) {
                entries = new ArchiveSanitizer(limits).sanitize(gzipped, stdin);
            } catch (IOException e) {
                throw new SandboxException(sessionId, "the upload to session " + sessionId + " failed: "
                        + firstLine(exec.stderr(), e.getMessage()), e);
            }
            exec.stdout().readAllBytes();
            int code = exec.waitFor(Duration.ofMinutes(2));
            if (code != 0) {
                throw new SandboxException(sessionId, "extracting the upload in session " + sessionId + " failed: "
                        + firstLine(exec.stderr(), "exit code " + code));
            }
            return entries;
        } catch (IOException e) {
            throw new SandboxException(sessionId, "the upload to session " + sessionId + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while uploading to session " + sessionId, e);
        }
    }

    private static String firstLine(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text.strip().lines().findFirst().orElse(fallback);
    }
}
