package io.aether.runbook.config;

import io.aether.runbook.junit.Tags;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.PlatformProvider;
import io.aether.runbook.platform.containers.ContainerDrills;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Settings of one run rather than of an environment: which environment, which drills, which replayed state,
 * which provider builds the local platform, where reports go. Read from
 * system properties ({@code mvn verify -Denv=prod -Ddrill=kafka-down} reaches the test JVM unchanged) or, in
 * scenario self-tests, from the JUnit configuration parameters of one test-kit execution.
 */
public final class RunSettings {

    private static final String SEED = "local.seed";
    /** A Jira issue key: the project key, a dash, the issue number. */
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]+-[1-9][0-9]*");

    private final Function<String, Optional<String>> lookup;
    private final Instant started;

    public RunSettings(Function<String, Optional<String>> lookup) {
        this(lookup, Clock.systemUTC());
    }

    /** @param clock the run's clock: an incident window without {@code -Dincident.to} ends when the run starts */
    public RunSettings(Function<String, Optional<String>> lookup, Clock clock) {
        this.lookup = lookup;
        // to the second, as reviewers write instants and as messages and the ticket show them
        this.started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public static RunSettings fromSystem() {
        return new RunSettings(key -> Optional.ofNullable(System.getProperty(key)));
    }

    private String value(String key) {
        return lookup.apply(key).map(String::trim).orElse("");
    }

    public String environmentName() {
        String name = value("env");
        return name.isEmpty() ? "local" : name;
    }

    /** The drills named with {@code -Ddrill=NAME[,NAME]}, lower-cased, as given. */
    public List<String> drillNames() {
        String text = value("drill");
        if (text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
    }

    /** The drills of the catalogue this run injects; call {@link #validate()} first. */
    public List<Drill> drills() {
        return drillNames().stream().map(Drill::byName).flatMap(Optional::stream).collect(Collectors.toList());
    }

    /** The directory of a cluster's state to replay on the local platform, from {@code -Dlocal.seed=DIR}. */
    public Optional<Path> seedDirectory() {
        String directory = value(SEED);
        return directory.isEmpty() ? Optional.empty() : Optional.of(Path.of(directory));
    }

    /** The provider of the local platform named with {@code -Dfakes=NAME}, embedded when unset. */
    public PlatformProvider provider() {
        String name = value("fakes");
        if (name.isEmpty()) {
            return PlatformProvider.EMBEDDED;
        }
        return PlatformProvider.byName(name).orElseThrow(() -> new ConfigException("-Dfakes=" + name, "",
                "unknown provider of the local platform '" + name + "'", "choose embedded (the default:"
                        + " in-process fakes, no Docker) or containers (Testcontainers of the real images, needs a"
                        + " Docker engine)"));
    }

    /**
     * Environment keys given as run settings: in a real run these are the {@code -D} system properties the loader
     * reads anyway; in a scenario self-test they are the test kit's configuration parameters, so one execution can
     * shorten a timeout without touching the JVM's properties.
     */
    public Map<String, String> environmentOverrides(Collection<String> keyPaths) {
        Map<String, String> overrides = new TreeMap<>();
        keyPaths.forEach(key -> lookup.apply(key).ifPresent(value -> overrides.put(key, value)));
        return overrides;
    }

    public Path reportsDirectory() {
        String directory = value("reports.dir");
        return Path.of(directory.isEmpty() ? "reports" : directory);
    }

    /**
     * The incident under review, when {@code -Dincident=KEY} is given; call {@link #validate()} first, which refuses
     * a malformed key or window.
     */
    public Optional<IncidentWindow> incident() {
        String key = value("incident");
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Instant from = instant("incident.from").orElse(null);
        Instant to = instant("incident.to").orElse(started);
        return Optional.of(new IncidentWindow(key, from, to));
    }

    /**
     * The single-file report of the run under review: {@code -Dincident.report=PATH}, else the one the last
     * {@code mvn verify} rendered into the reports folder.
     */
    public Path reviewedReport() {
        String path = value("incident.report");
        return path.isEmpty() ? reportsDirectory().resolve("aether-runbook-report.html") : Path.of(path);
    }

    private Optional<Instant> instant(String key) {
        String text = value(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException notOffset) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeException notInstant) {
                throw new ConfigException("-D" + key + "=" + text, "", "not an ISO-8601 instant",
                        "write it as 2026-12-04T14:05:00Z (UTC) or with an offset, 2026-12-04T15:05:00+01:00");
            }
        }
    }

    private void validateIncident() {
        String key = value("incident");
        if (key.isEmpty()) {
            for (String window : List.of("incident.from", "incident.to", "incident.report")) {
                if (!value(window).isEmpty()) {
                    throw new ConfigException("-D" + window + "=" + value(window), "",
                            "names part of an incident review but no incident", "add -Dincident=KEY, the ticket's key");
                }
            }
            return;
        }
        if (!ISSUE_KEY.matcher(key).matches()) {
            throw new ConfigException("-Dincident=" + key, "", "'" + key + "' is not a Jira issue key",
                    "name the incident's ticket as PROJECT-NUMBER, e.g. -Dincident=INC-123");
        }
        Optional<Instant> from = instant("incident.from");
        if (from.isEmpty()) {
            throw new ConfigException("-Dincident=" + key, "", "the review needs the start of the incident window",
                    "add -Dincident.from=T1 as an ISO-8601 instant, e.g. 2026-12-04T14:05:00Z");
        }
        Optional<Instant> to = instant("incident.to");
        Instant end = to.orElse(started);
        if (!end.isAfter(from.get())) {
            String source = to.isPresent() ? "-Dincident.to=" + value("incident.to")
                    : "-Dincident.from=" + value("incident.from");
            String ends = to.isPresent() ? end.toString() : end + " (now: -Dincident.to was not given)";
            throw new ConfigException(source, "", "the incident window ends before it starts: it starts at "
                    + from.get() + " and ends at " + ends, "give -Dincident.from an instant before -Dincident.to");
        }
    }

    /**
     * The tag names a {@code -Dgroups} (or {@code -DexcludedGroups}) expression uses; operators, parentheses and
     * JUnit's {@code any()} and {@code none()} are not tags.
     */
    static List<String> tagsIn(String expression) {
        return Arrays.stream(expression.split("[\\s,&|!()]+")).map(String::trim)
                .filter(tag -> !tag.isEmpty() && !"any".equals(tag) && !"none".equals(tag))
                .collect(Collectors.toList());
    }

    private void validateTags(String property) {
        String expression = value(property);
        List<String> unknown = tagsIn(expression).stream().filter(tag -> !Tags.ALL.contains(tag))
                .collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throw new ConfigException("-D" + property + "=" + expression, "", "unknown tag "
                    + String.join(", ", unknown) + ", which would select no check",
                    "use the tags " + String.join(", ", Tags.ALL) + " (see the README's tag table)");
        }
    }

    /** Checks the run-level settings that do not depend on the environment file. */
    public void validate() {
        validateTags("groups");
        validateTags("excludedGroups");
        validateIncident();
        List<String> unknown = drillNames().stream().filter(name -> Drill.byName(name).isEmpty())
                .collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throw new ConfigException("-Ddrill=" + value("drill"), "", "unknown drill " + String.join(", ", unknown),
                    "choose from " + String.join(", ", Drill.names()) + " (see the README's catalogue)");
        }
        seedDirectory().filter(directory -> !Files.isDirectory(directory)).ifPresent(missing -> {
            throw new ConfigException("-D" + SEED + "=" + value(SEED), "", "no such directory (resolved to "
                    + missing.toAbsolutePath().normalize() + ")", "name a directory of Kubernetes objects, SQL and"
                    + " http/<service>/ mappings, or drop -D" + SEED);
        });
        provider();
    }

    /** Refuses drills against an environment the suite did not start itself. */
    public void validateAgainst(Environment environment) {
        if (!drillNames().isEmpty() && environment.platform() != Environment.Platform.LOCAL) {
            throw new ConfigException("-Ddrill=" + value("drill"), "",
                    "drills inject faults into the local platform only, and '" + environment.name()
                            + "' is a remote environment", "drop -Ddrill, or run the drill with -Denv=local");
        }
        if (seedDirectory().isPresent() && environment.platform() != Environment.Platform.LOCAL) {
            throw new ConfigException("-D" + SEED + "=" + value(SEED), "",
                    "a seed replays a cluster's state on the local platform only, and '" + environment.name()
                            + "' is a remote environment", "drop -D" + SEED + ", or replay it with -Denv=local");
        }
        if (provider() != PlatformProvider.EMBEDDED && environment.platform() != Environment.Platform.LOCAL) {
            throw new ConfigException("-Dfakes=" + value("fakes"), "", "the provider builds the local platform"
                    + " only, and '" + environment.name() + "' is a remote environment",
                    "drop -Dfakes, or run with -Denv=local");
        }
        if (provider() == PlatformProvider.CONTAINERS) {
            for (Drill drill : drills()) {
                ContainerDrills.refusal(drill).ifPresent(reason -> {
                    throw new ConfigException("-Ddrill=" + value("drill"), "", "the containers provider cannot"
                            + " inject drill " + drill + ": " + reason, "run it on the embedded default (drop"
                            + " -Dfakes), or drop the drill");
                });
            }
        }
    }
}
