package dev.remolt.sandbox.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kubernetes label values allow at most 63 characters of {@code [A-Za-z0-9-_.]}, starting and
 * ending with a letter or digit; an owner such as {@code github:alice} or an e-mail address is not
 * one. Labels carry a valid stand-in for selection, and annotations (which take any text) carry
 * the exact values that reconciliation reads back.
 */
final class LabelValues {
    static final int MAX = 63;
    private static final Pattern VALID = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private LabelValues() {}

    static boolean isValid(String value) {
        return value.length() <= MAX && VALID.matcher(value).matches();
    }

    /** A valid label value that keeps as much of {@code value} as it can; the exact text is in the annotations. */
    static String of(String value) {
        if (isValid(value)) return value;
        String replaced = value.replaceAll("[^-A-Za-z0-9_.]", "_");
        if (replaced.length() > MAX) replaced = replaced.substring(0, MAX);
        replaced = replaced.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return replaced.isEmpty() ? "x" : replaced;
    }

    static Map<String, String> all(Map<String, String> labels) {
        Map<String, String> valid = new LinkedHashMap<>();
        labels.forEach((key, value) -> valid.put(key, of(value)));
        return valid;
    }
}
