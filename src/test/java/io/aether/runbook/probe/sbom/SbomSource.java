package io.aether.runbook.probe.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an SBOM from a URL or a file path and reads it as CycloneDX JSON (runbook 5.3): the document must be
 * JSON, say {@code "bomFormat": "CycloneDX"} with a specification version this suite knows, and validate against
 * that version's published JSON schema.
 */
public final class SbomSource {

    private static final Logger LOG = LoggerFactory.getLogger(SbomSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Secrets secrets;
    private final HttpClient http;
    private final Duration requestTimeout;

    public SbomSource(Environment env, Secrets secrets) {
        this.secrets = secrets;
        this.requestTimeout = env.timeouts().request();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(env.timeouts().connect()).build();
    }

    /**
     * @param role what the SBOM is, as messages name it ("the latest pipeline run's SBOM")
     * @param location an http(s) URL or a file path, relative to the working folder
     * @param tokenVariable the variable holding a bearer token for the URL; {@code null} when it needs none
     */
    public SbomReading read(String role, String location, String tokenVariable) {
        long started = System.nanoTime();
        SbomReading reading;
        if (location == null || location.isBlank()) {
            reading = SbomReading.unavailable(role, "(not set)", "no location is set");
        } else if (location.startsWith("http://") || location.startsWith("https://")) {
            reading = fromUrl(role, location, secrets.value(tokenVariable));
        } else {
            reading = fromFile(role, location);
        }
        LOG.info("SBOM {} from {} read in {} ms: {}", role, reading.source(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), reading.valid() ? "CycloneDX "
                        + reading.specVersion() + ", " + reading.components() + " component(s)"
                        : reading.fetched() ? reading.problems().size() + " problem(s)" : reading.fetchProblem());
        return reading;
    }

    private SbomReading fromFile(String role, String location) {
        Path file = Path.of(location);
        if (!Files.isRegularFile(file)) {
            return SbomReading.unavailable(role, file.toString(), "no such file " + file.toAbsolutePath().normalize());
        }
        try {
            return parse(role, file.toString(), Files.readAllBytes(file));
        } catch (IOException unreadable) {
            return SbomReading.unavailable(role, file.toString(), "cannot be read (" + unreadable.getMessage() + ")");
        }
    }

    private SbomReading fromUrl(String role, String url, Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Accept", "application/vnd.cyclonedx+json, application/json").GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return SbomReading.unavailable(role, url, "GET " + url + " answered " + response.statusCode());
            }
            return parse(role, url, response.body());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return SbomReading.unavailable(role, url, "interrupted while fetching it");
        } catch (IOException failed) {
            return SbomReading.unavailable(role, url, "GET " + url + " got no answer" + (failed
                    instanceof HttpTimeoutException ? " within the " + requestTimeout.toSeconds()
                    + " s request timeout" : " (" + failed.getClass().getSimpleName() + ")"));
        }
    }

    /** Reads {@code content} as CycloneDX JSON; every way it falls short is a problem of the reading. */
    static SbomReading parse(String role, String source, byte[] content) {
        JsonNode bom;
        try {
            bom = JSON.readTree(content);
        } catch (IOException notJson) {
            return new SbomReading(role, source, content, null, null, null, null, 0,
                    List.of("not JSON: " + (notJson instanceof com.fasterxml.jackson.core.JsonProcessingException parse
                    ? parse.getOriginalMessage() : notJson.getMessage())));
        }
        List<String> problems = new ArrayList<>();
        if (bom == null || !bom.isObject()) {
            return new SbomReading(role, source, content, null, null, null, null, 0,
                    List.of("not a JSON object"));
        }
        if (!"CycloneDX".equals(bom.path("bomFormat").asText())) {
            problems.add("bomFormat is '" + bom.path("bomFormat").asText() + "', not 'CycloneDX'");
        }
        String specVersion = bom.path("specVersion").asText();
        Optional<Version> version = Arrays.stream(Version.values())
                .filter(known -> known.getVersionString().equals(specVersion)).findFirst();
        if (version.isEmpty()) {
            problems.add("specVersion '" + specVersion + "' is not a CycloneDX version this suite validates ("
                    + Arrays.stream(Version.values()).map(Version::getVersionString).toList() + ")");
        } else if (version.get().compareTo(Version.VERSION_12) < 0) {
            problems.add("specVersion " + specVersion + " predates CycloneDX's JSON format (1.2)");
        } else {
            try {
                new JsonParser().validate(content, version.get()).stream()
                        .map(ParseException::getMessage).limit(20).forEach(problems::add);
            } catch (IOException unreadable) {
                problems.add("the schema validation could not read it: " + unreadable.getMessage());
            }
        }
        JsonNode component = bom.path("metadata").path("component");
        String subject = component.isMissingNode() ? null
                : (component.path("group").asText("").isEmpty() ? "" : component.path("group").asText() + ":")
                + component.path("name").asText() + " " + component.path("version").asText();
        return new SbomReading(role, source, content, null, specVersion, bom.path("serialNumber").asText(null),
                subject, bom.path("components").size(), problems);
    }
}
