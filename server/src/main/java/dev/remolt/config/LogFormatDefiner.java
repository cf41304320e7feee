package dev.remolt.config;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Tells logback.xml which appender file to include, {@code text} or {@code json}, from
 * {@code REMOLT_LOG_FORMAT}. Logging starts before the {@link Config} is read, so this reads the
 * variable itself; {@link ConfigLoader} still rejects a bad value at start-up.
 */
public final class LogFormatDefiner extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        String value = System.getenv("REMOLT_LOG_FORMAT");
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("json") ? "json" : "text";
    }
}
