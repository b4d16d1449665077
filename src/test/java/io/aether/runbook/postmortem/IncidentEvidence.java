package io.aether.runbook.postmortem;

import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.config.RunSettings;
import io.aether.runbook.report.Evidence;
import io.aether.runbook.verdict.Verdict;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The evidence folder of one incident under review, {@code reports/evidence/KEY/}: every item a check gathers is
 * written here and attached to the Allure report, and each checklist item's outcome is kept for the ticket's
 * summary comment. One instance per run, shared by the checks of section 5.
 */
public final class IncidentEvidence {

    /** Written after the uploads, from Jira's own answer; it records the ticket rather than being evidence for it. */
    public static final String TICKET_RECORD = "ticket.json";

    private final IncidentWindow window;
    private final Path directory;
    private final Map<ChecklistItem, Verdict> outcomes = new EnumMap<>(ChecklistItem.class);

    private IncidentEvidence(IncidentWindow window, Path directory) {
        this.window = window;
        this.directory = directory;
    }

    public static IncidentEvidence open(RunSettings settings) {
        IncidentWindow window = settings.incident().orElseThrow(() -> new IllegalStateException(
                "no incident under review: run with -Dincident=KEY -Dincident.from=T1"));
        Path directory = settings.reportsDirectory().resolve("evidence").resolve(window.key());
        try {
            Files.createDirectories(directory);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot create the evidence folder " + directory, unwritable);
        }
        return new IncidentEvidence(window, directory);
    }

    public IncidentWindow window() {
        return window;
    }

    public Path directory() {
        return directory;
    }

    /** Writes a text item (credentials masked) and attaches it to the report. */
    public Path write(String name, String text) {
        Path file = directory.resolve(name);
        try {
            Files.writeString(file, Evidence.redact(text), StandardCharsets.UTF_8);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write " + file, unwritable);
        }
        attach(file);
        return file;
    }

    /** Writes a binary item (a PNG, a copied report) and attaches it to the report. */
    public Path write(String name, byte[] content) {
        Path file = directory.resolve(name);
        try {
            Files.write(file, content);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write " + file, unwritable);
        }
        attach(file);
        return file;
    }

    /** Attaches a file of the folder to the running check's report entry, under its own name. */
    public void attach(Path file) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            Allure.addAttachment(name, mimeType(file), in, name.substring(name.lastIndexOf('.')));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot attach " + file, unreadable);
        }
    }

    /** Every item gathered so far, by name; the ticket record is not one. */
    public List<Path> items() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals(TICKET_RECORD))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot list " + directory, unreadable);
        }
    }

    public synchronized void record(ChecklistItem item, Verdict verdict) {
        outcomes.put(item, verdict);
    }

    public synchronized Optional<Verdict> outcome(ChecklistItem item) {
        return Optional.ofNullable(outcomes.get(item));
    }

    public static String mimeType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".html")) {
            return "text/html";
        }
        if (name.endsWith(".ndjson")) {
            return "application/x-ndjson";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "text/yaml";
        }
        return "text/plain";
    }
}
