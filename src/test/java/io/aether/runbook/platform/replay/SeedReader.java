package io.aether.runbook.platform.replay;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.aether.runbook.config.ConfigException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a replay seed directory completely before anything starts, so a malformed file is refused with its path
 * and the reason instead of half-applying a state. What it accepts is what {@code kubectl get -o yaml|json} prints
 * (one or many documents, {@code kind: List} included), SQL files, and WireMock mappings under
 * {@code http/<service>/}.
 */
final class SeedReader {

    static final String FIX = "correct or remove the file (see the README's \"Replaying a cluster's state\")";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private final Path root;

    SeedReader(Path root) {
        this.root = root;
    }

    ReplaySeed read() {
        List<ReplaySeed.SeedObject> objects = new ArrayList<>();
        List<ReplaySeed.SeedFile> sql = new ArrayList<>();
        Map<String, List<ReplaySeed.SeedMapping>> mappings = new LinkedHashMap<>();
        for (Path file : files()) {
            Path relative = root.relativize(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if ("http".equals(relative.getName(0).toString())) {
                if (relative.getNameCount() != 3 || !name.endsWith(".json")) {
                    throw refuse(file, "HTTP mappings belong in http/<service>/<name>.json");
                }
                mappings.computeIfAbsent(relative.getName(1).toString(), service -> new ArrayList<>())
                        .addAll(mappings(file));
            } else if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
                objects.addAll(objects(file, !name.endsWith(".json")));
            } else if (name.endsWith(".sql")) {
                String text = text(file);
                if (text.isBlank()) {
                    throw refuse(file, "the SQL file is empty");
                }
                sql.add(new ReplaySeed.SeedFile(file, text));
            }
        }
        return new ReplaySeed(root, objects, sql, mappings);
    }

    /** Every regular file below the root, hidden ones aside, in a stable order (SQL runs in this order). */
    private List<Path> files() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(path -> root.relativize(path).toString()))
                    .collect(Collectors.toList());
        } catch (IOException unreadable) {
            throw new ConfigException(root.toString(), "", "the seed directory cannot be read: "
                    + unreadable.getMessage(), "make it readable");
        }
    }

    private List<ReplaySeed.SeedObject> objects(Path file, boolean yaml) {
        List<JsonNode> documents;
        try {
            documents = yaml ? YAML.readerFor(JsonNode.class).<JsonNode>readValues(text(file)).readAll()
                    : List.of(JSON.readTree(text(file)));
        } catch (JsonProcessingException malformed) {
            throw refuse(file, "not valid " + (yaml ? "YAML" : "JSON") + ": " + describe(malformed));
        } catch (IOException unreadable) {
            throw refuse(file, "unreadable: " + unreadable.getMessage());
        }
        List<ReplaySeed.SeedObject> objects = new ArrayList<>();
        for (int index = 0; index < documents.size(); index++) {
            JsonNode document = documents.get(index);
            if (document == null || document.isNull() || document.isMissingNode()) {
                continue;
            }
            String where = documents.size() == 1 ? "" : "document " + (index + 1) + ": ";
            if (!document.isObject()) {
                throw refuse(file, where + "expected a Kubernetes object, found a " + document.getNodeType()
                        .toString().toLowerCase(Locale.ROOT));
            }
            if (text(document, "kind").endsWith("List") && document.has("items")) {
                JsonNode items = document.get("items");
                for (int item = 0; item < items.size(); item++) {
                    objects.add(object(file, where + "item " + (item + 1) + ": ", items.get(item)));
                }
            } else {
                objects.add(object(file, where, document));
            }
        }
        return objects;
    }

    private ReplaySeed.SeedObject object(Path file, String where, JsonNode node) {
        for (String field : List.of("apiVersion", "kind")) {
            if (text(node, field).isBlank()) {
                throw refuse(file, where + "no " + field + "; every object needs apiVersion, kind and metadata.name");
            }
        }
        if (text(node.path("metadata"), "name").isBlank()) {
            throw refuse(file, where + text(node, "kind") + " without metadata.name");
        }
        try {
            HasMetadata object = KUBERNETES.unmarshal(JSON.writeValueAsString(node), HasMetadata.class);
            return new ReplaySeed.SeedObject(file, object);
        } catch (JsonProcessingException | RuntimeException unreadable) {
            throw refuse(file, where + text(node, "kind") + " " + text(node.path("metadata"), "name")
                    + " does not read as that kind: " + firstLine(unreadable.getMessage()));
        }
    }

    private List<ReplaySeed.SeedMapping> mappings(Path file) {
        JsonNode document;
        try {
            document = JSON.readTree(text(file));
        } catch (JsonProcessingException malformed) {
            throw refuse(file, "not valid JSON: " + describe(malformed));
        }
        List<JsonNode> stubs = new ArrayList<>();
        if (document.has("mappings")) {
            document.get("mappings").forEach(stubs::add);
        } else {
            stubs.add(document);
        }
        List<ReplaySeed.SeedMapping> mappings = new ArrayList<>();
        for (int index = 0; index < stubs.size(); index++) {
            JsonNode stub = stubs.get(index);
            String where = stubs.size() == 1 ? "" : "mapping " + (index + 1) + ": ";
            if (!stub.path("request").isObject() || !stub.path("response").isObject()) {
                throw refuse(file, where + "not a WireMock mapping: it needs a request and a response object");
            }
            try {
                mappings.add(new ReplaySeed.SeedMapping(file, StubMapping.buildFrom(stub.toString())));
            } catch (RuntimeException unreadable) {
                throw refuse(file, where + "not a WireMock mapping: " + firstLine(unreadable.getMessage()));
            }
        }
        return mappings;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw refuse(file, "unreadable: " + unreadable.getMessage());
        }
    }

    /** The parser's own words for what is wrong, and where; SnakeYAML's problem is clearer than its context. */
    private static String describe(JsonProcessingException malformed) {
        if (malformed.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            return yaml.getProblem() + " at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                    + (yaml.getProblemMark().getColumn() + 1);
        }
        JsonLocation location = malformed.getLocation();
        String at = location == null ? "" : " at line " + location.getLineNr() + ", column "
                + location.getColumnNr();
        return firstLine(malformed.getOriginalMessage()) + at;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    static ConfigException refuse(Path file, String reason) {
        return new ConfigException(file.toString(), "", "refused as a replay seed: " + reason, FIX);
    }
}
