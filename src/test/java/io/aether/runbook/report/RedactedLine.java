package io.aether.runbook.report;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback's {@code %redact(...)}: masks every secret value of the run in the formatted log line, message and stack
 * trace included, through the same redactor as the report's attachments ({@link Evidence#redact(String)}). Probes
 * never log a credential on purpose; this catches the one a library's exception message carries.
 */
public final class RedactedLine extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String line) {
        return Evidence.redact(line);
    }
}
