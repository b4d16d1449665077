package io.aether.runbook.platform.replay;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.HttpServices;
import io.aether.runbook.platform.LocalPlatform;
import io.aether.runbook.platform.data.TimescaleFake;
import io.aether.runbook.probe.data.TickTable;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's state to replay on the local platform ({@code -Dlocal.seed=DIR}): Kubernetes objects that replace or
 * add to the seeded ones, SQL run against the tick database after its schema, and WireMock mappings per HTTP
 * service. Read whole before the platform starts ({@link #read(Path)}), applied once it runs.
 */
public final class ReplaySeed {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySeed.class);
    /** A seed mapping without a priority wins over the fake's own answers, which use 5 and 6. */
    private static final int SEED_PRIORITY = 1;

    /** One Kubernetes object and the file it came from. */
    record SeedObject(Path file, HasMetadata object) { }

    /** One SQL file. */
    record SeedFile(Path file, String text) { }

    /** One WireMock stub mapping and the file it came from. */
    record SeedMapping(Path file, StubMapping mapping) { }

    private final Path root;
    private final List<SeedObject> objects;
    private final List<SeedFile> sql;
    private final Map<String, List<SeedMapping>> mappings;

    ReplaySeed(Path root, List<SeedObject> objects, List<SeedFile> sql, Map<String, List<SeedMapping>> mappings) {
        this.root = root;
        this.objects = List.copyOf(objects);
        this.sql = List.copyOf(sql);
        this.mappings = Map.copyOf(mappings);
    }

    /** Reads and checks every file of {@code directory}; a malformed one is refused with its path and reason. */
    public static ReplaySeed read(Path directory) {
        return new SeedReader(directory).read();
    }

    List<SeedObject> objects() {
        return objects;
    }

    List<SeedFile> sql() {
        return sql;
    }

    Map<String, List<SeedMapping>> mappings() {
        return mappings;
    }

    /**
     * Overlays the running platform. Refuses, with the file and the reason, what the platform does not take: an
     * object the Kubernetes API rejects, SQL the database rejects, mappings for a service no fake answers.
     */
    public void applyTo(LocalPlatform platform, Environment environment) {
        long started = System.nanoTime();
        applyObjects(platform, environment.timeouts());
        boolean feederStopped = applySql(platform, environment);
        applyMappings(platform);
        LOG.info("replayed {}: {} Kubernetes objects, {} SQL files{}, {} HTTP mappings for {} in {} ms", root,
                objects.size(), sql.size(), feederStopped ? " (tick feeder stopped)" : "",
                mappings.values().stream().mapToInt(List::size).sum(), new TreeSet<>(mappings.keySet()),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void applyObjects(LocalPlatform platform, Environment.Timeouts timeouts) {
        if (objects.isEmpty()) {
            return;
        }
        String url = platform.endpoints().get("kubernetes.apiServer");
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url)
                .withConnectionTimeout((int) timeouts.connect().toMillis())
                .withRequestTimeout((int) timeouts.request().toMillis())
                .withRequestRetryBackoffLimit(0).withHttp2Disable(true).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            for (SeedObject seed : objects) {
                apply(client, seed);
            }
        }
    }

    /**
     * Creates the object or replaces the one of the same name, then writes its status as the controllers had
     * written it on the cluster it was dumped from. The dump's resourceVersion is the source cluster's, so it
     * is dropped rather than compared.
     */
    private static void apply(KubernetesClient client, SeedObject seed) {
        HasMetadata object = seed.object();
        String name = object.getKind() + " " + Optional.ofNullable(object.getMetadata().getNamespace())
                .map(namespace -> namespace + "/").orElse("") + object.getMetadata().getName();
        try {
            Long dumpedGeneration = object.getMetadata().getGeneration();
            object.getMetadata().setResourceVersion(null);
            HasMetadata applied = client.resource(object).createOr(NonDeletingOperation::update);
            if (hasStatus(client, object)) {
                HasMetadata status = withGenerationLag(client, object, dumpedGeneration,
                        applied.getMetadata().getGeneration());
                status.getMetadata().setResourceVersion(applied.getMetadata().getResourceVersion());
                client.resource(status).updateStatus();
            }
            LOG.debug("replay: {} from {} applied", name, seed.file());
        } catch (KubernetesClientException refused) {
            throw SeedReader.refuse(seed.file(), "the local Kubernetes API did not take " + name + ": "
                    + refused.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * The local API numbers generations itself (1 on create, one more per change) and ignores the dump's. What the
     * checks judge is whether the controller has caught up, so the dump's distance between {@code generation} and
     * {@code status.observedGeneration} is kept on the local numbers: a controller one generation behind on the
     * source cluster is one generation behind here.
     */
    @SuppressWarnings("unchecked")
    private static HasMetadata withGenerationLag(KubernetesClient client, HasMetadata object, Long dumped,
            Long local) {
        Map<String, Object> fields = client.getKubernetesSerialization().convertValue(object, Map.class);
        Object status = fields.get("status");
        if (dumped == null || local == null || !(status instanceof Map<?, ?> statusFields)
                || !(statusFields.get("observedGeneration") instanceof Number observed)) {
            return object;
        }
        long lag = Math.max(0, dumped - observed.longValue());
        ((Map<String, Object>) status).put("observedGeneration", Math.max(0, local - lag));
        ((Map<String, Object>) fields.get("metadata")).put("generation", local);
        return client.getKubernetesSerialization().convertValue(fields, object.getClass());
    }

    private static boolean hasStatus(KubernetesClient client, HasMetadata object) {
        Object status = client.getKubernetesSerialization().convertValue(object, Map.class).get("status");
        return status instanceof Map<?, ?> fields && !fields.isEmpty();
    }

    /**
     * Runs the SQL files in path order. A seed that writes the tick table replays market data as it was, so the
     * feeder that keeps local ticks fresh is stopped and its ticks deleted first: otherwise its inserts, from boot
     * and a second later, would be the newest ticks and hide the replayed state.
     */
    private boolean applySql(LocalPlatform platform, Environment environment) {
        if (sql.isEmpty()) {
            return false;
        }
        TimescaleFake database = platform.fakes().stream().filter(TimescaleFake.class::isInstance)
                .map(TimescaleFake.class::cast).filter(TimescaleFake::running).findFirst()
                .orElseThrow(() -> SeedReader.refuse(sql.get(0).file(), "the seed has SQL but no local database"
                        + " runs (drill postgres-down?)"));
        TickTable ticks = new TickTable(environment.timescale().table(), environment.timescale().timeColumn());
        Pattern writesTicks = ticksWrite(ticks.table());
        Optional<SeedFile> replayedTicks = sql.stream().filter(file -> writesTicks.matcher(file.text()).find())
                .findFirst();
        boolean stopped = replayedTicks.isPresent() && database.stopFeeder();
        Environment.Timeouts timeouts = environment.timeouts();
        String url = database.jdbcUrl() + "&connectTimeout=" + Math.max(1, timeouts.connect().toSeconds());
        if (replayedTicks.isPresent()) {
            run(url, timeouts, new SeedFile(replayedTicks.get().file(), "delete from " + ticks.quotedTable()));
        }
        for (SeedFile file : sql) {
            run(url, timeouts, file);
        }
        return stopped;
    }

    private static void run(String url, Environment.Timeouts timeouts, SeedFile file) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeouts.request().toSeconds()));
            statement.execute(file.text());
        } catch (SQLException refused) {
            throw SeedReader.refuse(file.file(), "the database refused it: " + refused.getMessage().lines()
                    .findFirst().orElse(""));
        }
    }

    /** INSERT, UPDATE, DELETE, TRUNCATE or COPY naming the tick table, schema-qualified or not, quoted or not. */
    static Pattern ticksWrite(String table) {
        String bare = table.substring(table.lastIndexOf('.') + 1);
        return Pattern.compile("\\b(insert\\s+into|update|delete\\s+from|truncate(\\s+table)?|copy)\\s+(only\\s+)?"
                + "(\"?\\w+\"?\\.)?\"?" + Pattern.quote(bare) + "\"?(\\W|$)", Pattern.CASE_INSENSITIVE);
    }

    private void applyMappings(LocalPlatform platform) {
        if (mappings.isEmpty()) {
            return;
        }
        Map<String, WireMockServer> services = new HashMap<>();
        platform.fakes().stream().filter(HttpServices.class::isInstance).map(HttpServices.class::cast)
                .forEach(fake -> services.putAll(fake.httpServices()));
        mappings.forEach((service, stubs) -> {
            WireMockServer server = services.get(service);
            if (server == null) {
                throw new ConfigException(root.resolve("http").resolve(service).toString(), "",
                        "refused as a replay seed: no local HTTP service is called '" + service + "'",
                        "name the folder after one of " + new TreeSet<>(services.keySet()));
            }
            for (SeedMapping stub : stubs) {
                StubMapping mapping = stub.mapping();
                if (mapping.getPriority() == null) {
                    mapping.setPriority(SEED_PRIORITY);
                }
                server.addStubMapping(mapping);
            }
        });
    }
}
