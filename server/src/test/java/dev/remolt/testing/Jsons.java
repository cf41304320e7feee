package dev.remolt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads fields out of JSON answers in tests. */
public final class Jsons {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jsons() {}

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    public static String field(String json, String name) {
        JsonNode value = parse(json).get(name);
        if (value == null) throw new AssertionError("no field " + name + " in " + json);
        return value.asText();
    }
}
