package dev.remolt.sandbox;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the Kubernetes quantities agents declare their resources in ({@code "2Gi"}, {@code "512M"},
 * {@code "250m"}, {@code "1.5"}, {@code "1e3"}), so one agent file serves every runtime.
 */
public final class KubernetesQuantity {
    private static final Pattern FORMAT = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[a-zA-Z]*)");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private KubernetesQuantity() {}

    /** The quantity as a number: bytes for memory, cores for cpu, a count for pids. */
    public static BigDecimal parse(String field, String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) throw new IllegalArgumentException(field + " \"" + text + "\" is not a quantity such as 2Gi, 500m or 4");
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        if (suffix.startsWith("e") || suffix.startsWith("E")) return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        BigDecimal factor = SUFFIXES.get(suffix);
        if (factor == null) throw new IllegalArgumentException(field + " \"" + text + "\" has an unknown unit \"" + suffix + "\"");
        return number.multiply(factor);
    }
}
