package dev.remolt.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remolt.api.Json;
import dev.remolt.sandbox.TerminalSize;

/** A JSON control frame from the client: a resize, an ack, or something to ignore. */
sealed interface ControlFrame {
    record Resize(TerminalSize size) implements ControlFrame {}

    record Ack(long bytes) implements ControlFrame {}

    /** Malformed, unknown, or with out-of-range values: ignored, never fatal. */
    record Ignored(String why) implements ControlFrame {}

    static ControlFrame parse(String text) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return new Ignored("not JSON");
        }
        if (node == null || !node.isObject()) return new Ignored("not a JSON object");
        return switch (node.path("type").asText("")) {
            case "resize" -> {
                JsonNode cols = node.get("cols");
                JsonNode rows = node.get("rows");
                // Only integral numbers count: "80", 1e309 and fractions are ignored; huge values clamp.
                if (cols == null || rows == null || !cols.isIntegralNumber() || !rows.isIntegralNumber()) {
                    yield new Ignored("resize needs integer cols and rows");
                }
                yield new Resize(new TerminalSize(clampToInt(cols), clampToInt(rows)));
            }
            case "ack" -> {
                JsonNode bytes = node.get("bytes");
                if (bytes == null || !bytes.isIntegralNumber() || bytes.asLong() < 0) yield new Ignored("ack needs bytes >= 0");
                yield new Ack(bytes.asLong());
            }
            default -> new Ignored("unknown type");
        };
    }

    private static int clampToInt(JsonNode number) {
        if (!number.canConvertToInt()) return number.bigIntegerValue().signum() < 0 ? 0 : Integer.MAX_VALUE;
        return number.intValue();
    }
}
