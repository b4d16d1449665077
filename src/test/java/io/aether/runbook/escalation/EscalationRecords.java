package io.aether.runbook.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what escalation sent, or in a dry run would have sent, to {@code reports/escalation/*.json}, every byte
 * through the run's redactor; reports undeliverable targets as suite errors (a stderr line and
 * {@code undelivered.json}); and adds the files to the Allure results as one "Escalation" entry.
 */
public final class EscalationRecords {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;
    private final UnaryOperator<String> redactor;
    private final Map<String, String> written = new LinkedHashMap<>();

    public EscalationRecords(Path reportsDirectory, UnaryOperator<String> redactor) {
        this.directory = reportsDirectory.resolve("escalation");
        this.redactor = redactor;
    }

    public Path directory() {
        return directory;
    }

    /** Removes the previous run's files, so the folder holds this run's escalation only. */
    public void startRun() {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> old = Files.list(directory)) {
                for (Path file : (Iterable<Path>) old.filter(path -> path.toString().endsWith(".json"))::iterator) {
                    Files.delete(file);
                }
            }
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot prepare " + directory, unwritable);
        }
    }

    /** Writes one payload or record as {@code <name>.json}, redacted. */
    public Path write(String name, JsonNode content) {
        try {
            String text = redactor.apply(JSON.writeValueAsString(content));
            Path file = directory.resolve(safe(name) + ".json");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            written.put(file.getFileName().toString(), text);
            return file;
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a Jackson tree always serialises", impossible);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write " + directory.resolve(name + ".json"), unwritable);
        }
    }

    /** Reports escalation problems as suite errors: one stderr line each and {@code undelivered.json}. */
    public void suiteErrors(List<Map<String, Object>> errors) {
        if (errors.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> error : errors) {
            lines.add(redactor.apply("[runbook] escalation suite error: " + error.get("target") + ": "
                    + error.get("problem")));
        }
        lines.forEach(System.err::println);
        write("undelivered", JSON.valueToTree(errors));
    }

    /** Adds this run's escalation files to the Allure results as one entry, broken when anything failed. */
    public void attachToReport(String environment, boolean dryRun, List<String> problems) {
        try {
            AllureLifecycle lifecycle = Allure.getLifecycle();
            String uuid = UUID.randomUUID().toString();
            String name = dryRun ? "Escalation (dry run: nothing was sent)" : "Escalation";
            TestResult result = new TestResult().setUuid(uuid).setHistoryId("aether-runbook-escalation")
                    .setName(name).setFullName("io.aether.runbook.escalation." + (dryRun ? "dryRun" : "delivery"))
                    .setStatus(problems.isEmpty() ? Status.PASSED : Status.BROKEN)
                    .setLabels(new ArrayList<>(List.of(new Label().setName("suite").setValue("Escalation"),
                            new Label().setName("environment").setValue(environment))));
            if (!problems.isEmpty()) {
                result.setStatusDetails(new StatusDetails().setMessage(redactor.apply(String.join("\n", problems))));
            }
            lifecycle.scheduleTestCase(result);
            lifecycle.startTestCase(uuid);
            written.forEach((file, text) -> lifecycle.addAttachment(file, "application/json", ".json",
                    text.getBytes(StandardCharsets.UTF_8)));
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
        } catch (RuntimeException allureBroken) {
            LOG.warn("escalation files could not be added to the Allure results: {}", allureBroken.toString());
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
