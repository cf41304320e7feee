package dev.remolt.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;

/** Reads a request body as JSON, with errors that say what is wrong but never echo internals. */
final class JsonBody {
    private JsonBody() {}

    /** An empty body gives {@code empty}; anything else must be one JSON object of {@code type}. */
    static <T> T read(Context ctx, Class<T> type, T empty) {
        // Refuse on the declared size, before reading a byte: a client may declare 10 MB and stall.
        if (ctx.req().getContentLengthLong() > WebServer.MAX_REQUEST_BYTES) {
            throw new ApiException(413, "payload_too_large", "The body is larger than "
                    + WebServer.MAX_REQUEST_BYTES / 1024 + " KiB.", null);
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) return empty;
        try {
            var tree = Json.MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ApiException.badRequest("invalid_json", "The body must be a JSON object.");
            }
            return Json.MAPPER.treeToValue(tree, type);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("invalid_json", "The body is nested too deeply or holds too long a value.");
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw ApiException.badRequest("invalid_field",
                    field.isEmpty() ? "The body has the wrong shape." : "Field " + field + " has the wrong type.");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "The body is not valid JSON.");
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "The body could not be read.");
        }
    }
}
