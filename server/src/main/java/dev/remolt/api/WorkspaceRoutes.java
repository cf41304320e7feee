package dev.remolt.api;

import dev.remolt.auth.Access;
import dev.remolt.files.ArchiveRejectedException;
import dev.remolt.files.WorkspaceTransfer;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.session.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/sessions/{id}/download} and {@code POST /api/sessions/{id}/upload}: the workspace as .tar.gz. */
final class WorkspaceRoutes {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceRoutes.class);
    private final SessionLookup lookup;
    private final WorkspaceTransfer transfer;

    WorkspaceRoutes(SessionLookup lookup, WorkspaceTransfer transfer) {
        this.lookup = lookup;
        this.transfer = transfer;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/sessions/{id}/download", this::download, Access.USER);
        routes.post("/api/sessions/{id}/upload", this::upload, Access.USER);
    }

    private void download(Context ctx) throws SandboxException {
        Session session = lookup.owned(ctx);
        InputStream archive = transfer.download(session.id());
        ctx.contentType("application/gzip")
                .header("Content-Disposition", "attachment; filename=\"workspace-" + session.id() + ".tar.gz\"")
                .header("X-Content-Type-Options", "nosniff")
                .result(archive);
    }

    private void upload(Context ctx) throws Exception {
        Session session = lookup.owned(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        int entries;
        try {
            if (type.startsWith("multipart/form-data")) {
                List<UploadedFile> files = ctx.uploadedFiles();
                if (files.size() != 1 || !"file".equals(ctx.uploadedFileMap().keySet().stream().findFirst().orElse(""))) {
                    throw ApiException.badRequest("invalid_upload", "Send exactly one file, in the multipart field \"file\".");
                }
                try (InputStream in = files.getFirst().content()) {
                    entries = transfer.upload(session.id(), in);
                }
            } else if (type.startsWith("application/gzip") || type.startsWith("application/x-gzip")
                    || type.startsWith("application/octet-stream")) {
                entries = transfer.upload(session.id(), ctx.bodyInputStream());
            } else {
                throw new ApiException(415, "unsupported_media_type",
                        "Upload a .tar.gz as application/gzip, or as the multipart field \"file\".", null);
            }
        } catch (ArchiveRejectedException e) {
            throw new ApiException(e.tooLarge() ? 413 : 400, "archive_rejected", e.getMessage() + " Nothing was changed.", null);
        } catch (SandboxException e) {
            log.warn("upload to session {} failed: {}", session.id(), e.getMessage());
            throw new ApiException(422, "upload_failed", "The archive could not be unpacked: " + e.getMessage()
                    + ". Nothing was changed.", null);
        }
        ctx.json(Map.of("status", "ok", "entries", entries));
    }
}
