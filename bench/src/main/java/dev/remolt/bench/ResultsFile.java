package dev.remolt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run as {@code results/<timestamp>.json} and copies it to {@code latest.json}, so a
 * person can compare runs across commits.
 */
final class ResultsFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ResultsFile() {}

    static Path write(Path folder, Instant started, Machine machine, List<RowResult> results) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", started.toString());
        run.put("machine", machine);
        run.put("rows", results.stream().map(ResultsFile::row).toList());
        Files.createDirectories(folder);
        Path file = folder.resolve(NAME.format(started) + ".json");
        JSON.writeValue(file.toFile(), run);
        Files.copy(file, folder.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static Map<String, Object> row(RowResult result) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", result.row());
        row.put("target", result.verdict().target());
        row.put("met", result.verdict().met());
        row.put("outcome", result.verdict().outcome().name().toLowerCase());
        row.put("detail", result.verdict().detail());
        row.put("variants", result.measurements().stream().map(m -> variant(result, m)).toList());
        row.put("notes", result.notes());
        return row;
    }

    private static Map<String, Object> variant(RowResult result, Measurement m) {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("variant", m.variant().strip());
        variant.put("role", m.role().name().toLowerCase());
        variant.put("n", m.count());
        variant.put("lost", m.lost());
        variant.put("p50_ms", m.millisAt(50));
        variant.put("p95_ms", m.millisAt(95));
        variant.put("p99_ms", m.millisAt(99));
        variant.put("max_ms", m.maxMillis());
        variant.put("mean_ms", m.meanMillis());
        result.ratio(m, 50).ifPresent(r -> variant.put("ratio_p50", r));
        result.ratio(m, 99).ifPresent(r -> variant.put("ratio_p99", r));
        return variant;
    }
}
