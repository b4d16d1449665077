package io.aether.runbook.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads {@code environments/<name>.yaml} over the built-in defaults, applies {@code -D} overrides named by key
 * path, binds the result to {@link Environment} and validates it, secrets included. Every problem ends the load
 * with one {@link ConfigException} naming the file (or system property), the key path and the fix.
 */
public final class EnvironmentLoader {

    private static final String DEFAULTS = "/environment-defaults.yaml";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path directory;
    private final UnaryOperator<String> variables;

    /**
     * @param directory the folder holding the environment files
     * @param variables looks up an environment variable by name (the process environment in a real run)
     */
    public EnvironmentLoader(Path directory, UnaryOperator<String> variables) {
        this.directory = directory;
        this.variables = variables;
    }

    /**
     * Where a run's secrets come from: the process environment. A JVM cannot set its own environment variables, so
     * a self-test that runs the suite with secrets set replaces this for the length of that run.
     */
    private static volatile UnaryOperator<String> processVariables = System::getenv;

    public static EnvironmentLoader fromProcess() {
        return new EnvironmentLoader(Path.of(System.getProperty("runbook.environments", "environments")),
                processVariables);
    }

    /**
     * Resolves secrets from {@code variables} instead of the process environment until the returned scope is
     * closed; for self-tests only, which run one suite at a time.
     */
    public static AutoCloseable resolvingVariablesFrom(UnaryOperator<String> variables) {
        processVariables = variables;
        return () -> processVariables = System::getenv;
    }

    /**
     * @param name the environment's name, as given with {@code -Denv}
     * @param overrides key paths to values: system properties and, for the local platform, its endpoints
     */
    public LoadedEnvironment load(String name, Map<String, String> overrides) {
        return load(name, overrides, false);
    }

    /**
     * @param reviewing whether the run reviews an incident ({@code -Dincident}), which also resolves the secrets of
     *     runbook section 5: the Grafana, Loki and pipeline tokens and the Jira credentials
     */
    public LoadedEnvironment load(String name, Map<String, String> overrides, boolean reviewing) {
        Path file = fileOf(name);
        String source = display(file);
        ObjectNode tree = readDefaults();
        merge(tree, readFile(file, source), "");
        Map<String, String> relevant = overridesOf(overrides);
        relevant.forEach((path, value) -> override(tree, path, value));
        tree.put("name", name);
        Environment environment = bind(tree, source, relevant);
        new EnvironmentRules(source, relevant).check(environment);
        Secrets secrets = resolveSecrets(environment, source, reviewing);
        return new LoadedEnvironment(environment, secrets, file, flatten(tree));
    }

    /** Picks the system properties that name a configuration key: their first segment is a top-level key. */
    public static Map<String, String> overridesOf(Map<String, String> properties) {
        Map<String, String> result = new TreeMap<>();
        List<String> sections = Arrays.stream(Environment.class.getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toList());
        properties.forEach((key, value) -> {
            if (sections.contains(key.split("\\.", 2)[0]) && !"name".equals(key)) {
                result.put(key, value);
            }
        });
        return result;
    }

    /** Every key path the built-in defaults name, i.e. every scalar or list key an environment can set. */
    public static Set<String> keyPaths() {
        return flatten(readDefaults()).keySet();
    }

    private Path fileOf(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException("-Denv=" + name, "", "not a valid environment name",
                    "name one of " + known() + " with -Denv=NAME");
        }
        Path file = directory.resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(display(file), "", "no such environment file",
                    "name one of " + known() + " with -Denv=NAME, or create " + display(file));
        }
        return file;
    }

    private String known() {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names = files.map(path -> path.getFileName().toString())
                    .filter(file -> file.endsWith(".yaml"))
                    .map(file -> file.substring(0, file.length() - ".yaml".length()))
                    .sorted().collect(Collectors.toList());
            return names.isEmpty() ? "(none found in " + display(directory) + ")" : String.join(", ", names);
        } catch (IOException unreadable) {
            return "(none found in " + display(directory) + ")";
        }
    }

    private static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private static ObjectMapper yaml() {
        YAMLFactory factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        return new ObjectMapper(factory);
    }

    private static ObjectNode readDefaults() {
        try (InputStream in = EnvironmentLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) yaml().readTree(in);
        } catch (IOException broken) {
            throw new UncheckedIOException("built-in defaults " + DEFAULTS + " are unreadable", broken);
        }
    }

    private static ObjectNode readFile(Path file, String source) {
        JsonNode node;
        try {
            node = yaml().readTree(file.toFile());
        } catch (JsonProcessingException syntax) {
            throw syntaxError(source, syntax);
        } catch (IOException unreadable) {
            throw new ConfigException(source, "", "cannot be read (" + unreadable.getMessage() + ")",
                    "check the file's permissions");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ConfigException(source, "", "the file is empty",
                    "copy environments/staging.yaml and adapt it, or delete the file");
        }
        if (!node.isObject()) {
            String found = node.isArray() ? "a list" : "a " + node.getNodeType().name().toLowerCase();
            throw new ConfigException(source, "", "the file holds " + found + " where a mapping of keys is expected",
                    "write the file as `key: value` mappings");
        }
        return (ObjectNode) node;
    }

    private static ConfigException syntaxError(String source, JsonProcessingException syntax) {
        String message = syntax.getOriginalMessage().lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining("; "));
        if (message.startsWith("Duplicate field")) {
            String key = message.replaceAll(".*'(.*)'.*", "$1");
            String where = syntax.getLocation() == null ? "" : " (line " + syntax.getLocation().getLineNr() + ")";
            return new ConfigException(source, key, "the key is given twice" + where,
                    "keep one `" + key + "` entry in that mapping");
        }
        String where = syntax.getLocation() == null ? ""
                : " at line " + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr();
        return new ConfigException(source, "", "is not valid YAML" + where + ": " + message,
                "correct the YAML syntax there (indentation, quoting, a missing colon)");
    }

    private static void merge(ObjectNode base, ObjectNode overlay, String prefix) {
        overlay.fields().forEachRemaining(entry -> {
            JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode && entry.getValue() instanceof ObjectNode) {
                merge((ObjectNode) existing, (ObjectNode) entry.getValue(), prefix + entry.getKey() + ".");
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static void override(ObjectNode tree, String path, String value) {
        String[] keys = path.split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = parent.get(keys[i]);
            if (!(child instanceof ObjectNode)) {
                child = parent.putObject(keys[i]);
            }
            parent = (ObjectNode) child;
        }
        String leaf = keys[keys.length - 1];
        if (isList(path)) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).forEach(items::add);
            parent.set(leaf, items);
        } else {
            parent.set(leaf, value.isEmpty() ? NullNode.instance : TextNode.valueOf(value));
        }
    }

    /** Whether the record component at {@code path} is a list, so a {@code -D} value is split on commas. */
    private static boolean isList(String path) {
        return componentType(path).filter(type -> type instanceof ParameterizedType generic
                && generic.getRawType() == List.class).isPresent();
    }

    private static Optional<Class<?>> declaredType(String path) {
        return componentType(path).map(type -> type instanceof ParameterizedType generic
                ? (Class<?>) generic.getRawType() : (Class<?>) type);
    }

    /** The declared type of the record component a key path names, when the path names one. */
    private static Optional<Type> componentType(String path) {
        Type type = Environment.class;
        for (String key : path.split("\\.")) {
            if (!(type instanceof Class<?> owner) || !owner.isRecord()) {
                return Optional.empty();
            }
            Optional<RecordComponent> component = Arrays.stream(owner.getRecordComponents())
                    .filter(candidate -> candidate.getName().equals(key)).findFirst();
            if (component.isEmpty()) {
                return Optional.empty();
            }
            type = component.get().getGenericType();
        }
        return Optional.of(type);
    }

    private static Environment bind(ObjectNode tree, String source, Map<String, String> overrides) {
        try {
            return binder().treeToValue(tree, Environment.class);
        } catch (UnrecognizedPropertyException unknown) {
            String path = pathOf(unknown);
            String suggestion = closest(unknown.getPropertyName(), unknown.getKnownPropertyIds())
                    .map(name -> "rename it to `" + sibling(path, name) + "`, or remove it")
                    .orElse("remove it; the known keys here are " + unknown.getKnownPropertyIds());
            throw new ConfigException(sourceOf(path, source, overrides), path, "unknown key", suggestion);
        } catch (InvalidFormatException wrong) {
            throw wrongType(pathOf(wrong), wrong.getTargetType(), wrong.getValue(), source, overrides);
        } catch (MismatchedInputException mismatch) {
            String path = pathOf(mismatch);
            if (mismatch.getMessage().startsWith("Missing required creator property")) {
                String leaf = mismatch.getMessage().replaceAll("(?s).*'(.*?)'.*", "$1");
                String full = path.isEmpty() ? leaf : path + "." + leaf;
                throw new ConfigException(source, full, "a required key is missing", "set `" + full + "`");
            }
            throw wrongType(path, mismatch.getTargetType(), valueAt(tree, path), source, overrides);
        } catch (JsonMappingException other) {
            String path = pathOf(other);
            throw new ConfigException(sourceOf(path, source, overrides), path,
                    other.getOriginalMessage().lines().findFirst().orElse("invalid value"),
                    "correct the value");
        } catch (JsonProcessingException other) {
            throw new ConfigException(source, "", other.getOriginalMessage(), "correct the file");
        }
    }

    private static String sibling(String path, String name) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? name : path.substring(0, dot + 1) + name;
    }

    private static ObjectMapper binder() {
        SimpleModule durations = new SimpleModule("durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = parser.getValueAsString();
                Optional<Duration> duration = text == null ? Optional.empty() : Durations.parse(text);
                if (duration.isEmpty() || duration.get().isNegative()) {
                    throw InvalidFormatException.from(parser, "not a duration", parser.getText(), Duration.class);
                }
                return duration.get();
            }
        });
        return JsonMapper.builder()
                .addModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
    }

    private static ConfigException wrongType(String path, Class<?> reported, Object value, String source,
            Map<String, String> overrides) {
        Class<?> target = declaredType(path).orElse(reported);
        String shown = value instanceof JsonNode node ? node.toString() : "'" + value + "'";
        String expected = describe(target);
        String fix = target == Duration.class
                ? "write a duration such as 500ms, 10s, 2m or 1h (or ISO-8601, PT2M)"
                : "give `" + path + "` " + expected;
        return new ConfigException(sourceOf(path, source, overrides), path,
                "expected " + expected + " but found " + shown, fix);
    }

    private static String describe(Class<?> target) {
        if (target == int.class || target == Integer.class || target == long.class) {
            return "a whole number";
        }
        if (target == Duration.class) {
            return "a duration";
        }
        if (target == List.class) {
            return "a list";
        }
        if (target == Map.class) {
            return "a mapping";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(c -> c.toString().toLowerCase())
                    .collect(Collectors.joining(", "));
        }
        if (target.isRecord()) {
            return "a mapping of keys";
        }
        return "a text value";
    }

    private static String sourceOf(String path, String source, Map<String, String> overrides) {
        return overrides.containsKey(path) ? "-D" + path + "=" + overrides.get(path) : source;
    }

    private static String pathOf(JsonMappingException error) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : error.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static JsonNode valueAt(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String key : path.split("[.\\[\\]]+")) {
            if (key.isEmpty() || node == null) {
                continue;
            }
            node = key.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(key)) : node.get(key);
        }
        return node;
    }

    private static Optional<String> closest(String name, java.util.Collection<Object> known) {
        return known.stream().map(Object::toString)
                .filter(candidate -> distance(candidate.toLowerCase(), name.toLowerCase()) <= 2)
                .min((a, b) -> distance(a, name) - distance(b, name));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    private Secrets resolveSecrets(Environment environment, String source, boolean reviewing) {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, String> reference : secretReferences(environment, reviewing).entrySet()) {
            String variable = reference.getValue();
            String value = variables.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new ConfigException(source, reference.getKey(),
                        "names the environment variable " + variable + ", which is not set",
                        "export " + variable + " before the run (the file holds only the variable's name)");
            }
            values.put(variable, value);
        }
        return new Secrets(values);
    }

    /** Key paths of the secret references an environment makes, to the variable each one names. */
    static Map<String, String> secretReferences(Environment environment) {
        return secretReferences(environment, false);
    }

    /** As {@link #secretReferences(Environment)}, plus section 5's when the run reviews an incident. */
    static Map<String, String> secretReferences(Environment environment, boolean reviewing) {
        Map<String, String> references = new TreeMap<>();
        putIfNamed(references, "kubernetes.tokenEnv", environment.kubernetes().tokenEnv());
        putIfNamed(references, "argocd.tokenEnv", environment.argocd().tokenEnv());
        putIfNamed(references, "timescale.userEnv", environment.timescale().userEnv());
        putIfNamed(references, "timescale.passwordEnv", environment.timescale().passwordEnv());
        // escalation credentials are needed only when escalation delivers; a dry run must not demand them
        Environment.Escalation escalation = environment.escalation();
        if (escalation != null && escalation.enabled()) {
            putIfNamed(references, "escalation.pagerDuty.routingKeyEnv", escalation.pagerDuty().routingKeyEnv());
            putIfNamed(references, "escalation.slack.webhookUrlEnv", escalation.slack().webhookUrlEnv());
            putIfNamed(references, "escalation.jira.userEnv", escalation.jira().userEnv());
            putIfNamed(references, "escalation.jira.tokenEnv", escalation.jira().tokenEnv());
        }
        Environment.Postmortem postmortem = environment.postmortem();
        if (reviewing && postmortem != null) {
            putIfNamed(references, "postmortem.grafana.tokenEnv", postmortem.grafana().tokenEnv());
            putIfNamed(references, "postmortem.loki.tokenEnv", postmortem.loki().tokenEnv());
            putIfNamed(references, "postmortem.sbom.pipelineTokenEnv", postmortem.sbom().pipelineTokenEnv());
            putIfNamed(references, "escalation.jira.userEnv", environment.escalation().jira().userEnv());
            putIfNamed(references, "escalation.jira.tokenEnv", environment.escalation().jira().tokenEnv());
        }
        return references;
    }

    private static void putIfNamed(Map<String, String> references, String path, String variable) {
        if (variable != null && !variable.isBlank()) {
            references.put(path, variable);
        }
    }

    private static Map<String, String> flatten(JsonNode tree) {
        Map<String, String> flat = new TreeMap<>();
        flatten(tree, "", flat);
        return flat;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> flat) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), flat);
            }
        } else {
            List<String> text = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(item -> text.add(item.asText()));
                flat.put(prefix, String.join(",", text));
            } else {
                flat.put(prefix, node.isNull() ? "" : node.asText());
            }
        }
    }
}
