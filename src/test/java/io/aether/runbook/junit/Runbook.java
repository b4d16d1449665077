package io.aether.runbook.junit;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.LoadedEnvironment;
import io.aether.runbook.config.RunSettings;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.escalation.EscalationTargets;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.LocalPlatform;
import io.aether.runbook.platform.LocalPlatformStarters;
import io.aether.runbook.platform.replay.ReplaySeed;
import io.aether.runbook.probe.data.KafkaProbe;
import io.aether.runbook.probe.data.NatsProbe;
import io.aether.runbook.probe.data.TimescaleProbe;
import io.aether.runbook.probe.http.ArgoCdProbe;
import io.aether.runbook.probe.http.FeastProbe;
import io.aether.runbook.probe.http.IngressProbe;
import io.aether.runbook.probe.kubernetes.KubernetesProbe;
import io.aether.runbook.report.Evidence;
import io.aether.runbook.report.RunDescription;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a check needs for one run: the validated environment, its secrets, and one probe per platform
 * system, built on first use and shared by all checks. For the local environment it also owns the local platform,
 * booted before the environment's endpoints are bound and stopped when the run ends.
 */
public final class Runbook implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Runbook.class);

    private final LoadedEnvironment loaded;
    private final RunSettings settings;
    private final LocalPlatform platform;
    private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();
    private final Map<String, Object> readings = new ConcurrentHashMap<>();
    private final RunBudget budget;

    private Runbook(LoadedEnvironment loaded, RunSettings settings, LocalPlatform platform) {
        this.loaded = loaded;
        this.settings = settings;
        this.platform = platform;
        this.budget = RunBudget.start(loaded.environment().timeouts().run());
    }

    static Runbook start(RunSettings settings) {
        settings.validate();
        Map<String, String> properties = systemProperties();
        properties.putAll(settings.environmentOverrides(EnvironmentLoader.keyPaths()));
        EnvironmentLoader loader = EnvironmentLoader.fromProcess();
        boolean reviewing = settings.incident().isPresent();
        LoadedEnvironment loaded = loader.load(settings.environmentName(), properties, reviewing);
        settings.validateAgainst(loaded.environment());
        LocalPlatform platform = null;
        if (loaded.environment().platform() == Environment.Platform.LOCAL) {
            Set<Drill> drills = settings.drills().isEmpty() ? Set.of() : EnumSet.copyOf(settings.drills());
            Optional<ReplaySeed> seed = settings.seedDirectory().map(ReplaySeed::read);
            platform = LocalPlatform.start(loaded.environment(), drills,
                    LocalPlatformStarters.of(settings.provider()), settings.provider().bootBudget());
            replay(seed, platform, loaded.environment());
            Map<String, String> bound = new HashMap<>(platform.endpoints());
            bound.putAll(properties);
            loaded = loader.load(settings.environmentName(), bound, reviewing);
            EscalationTargets.publish(platform.endpoints());
        }
        Evidence.redactWith(loaded.secrets().redactor());
        RunDescription.write(loaded, settings.drillNames(), platform == null ? Map.of() : platform.endpoints());
        LOG.info("environment '{}' from {} (drills: {})", loaded.environment().name(), loaded.file(),
                settings.drillNames().isEmpty() ? "none" : settings.drillNames());
        LOG.debug("effective configuration: {}", loaded.effective());
        return new Runbook(loaded, settings, platform);
    }

    /** Overlays the booted platform with a replayed state; a seed the platform refuses stops the run. */
    private static void replay(Optional<ReplaySeed> seed, LocalPlatform platform, Environment environment) {
        try {
            seed.ifPresent(state -> state.applyTo(platform, environment));
        } catch (RuntimeException refused) {
            platform.close();
            throw refused;
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(key.toString(), value.toString()));
        return EnvironmentLoader.overridesOf(properties);
    }

    public Environment environment() {
        return loaded.environment();
    }

    public Secrets secrets() {
        return loaded.secrets();
    }

    public RunSettings settings() {
        return settings;
    }

    /** The run's budget; it starts once the environment is loaded and the local platform, if any, is up. */
    public RunBudget budget() {
        return budget;
    }

    /** The local platform of this run, when the environment is the local one. */
    public Optional<LocalPlatform> platform() {
        return Optional.ofNullable(platform);
    }

    /**
     * Why a platform system cannot be checked in this run (its local stand-in could not start on this machine);
     * checks of that system skip with this reason.
     */
    public Optional<String> unavailable(String system) {
        return platform().flatMap(local -> local.fakes().stream().filter(fake -> fake.name().equals(system))
                .map(Fake::unavailable).flatMap(Optional::stream).findFirst());
    }

    public KubernetesProbe kubernetes() {
        return shared(KubernetesProbe.class, run -> KubernetesProbe.connect(run.environment(), run.secrets()));
    }

    public ArgoCdProbe argocd() {
        return shared(ArgoCdProbe.class, run -> new ArgoCdProbe(run.environment(), run.secrets()));
    }

    public IngressProbe ingress() {
        return shared(IngressProbe.class, run -> new IngressProbe(run.environment(), run.secrets()));
    }

    public KafkaProbe kafka() {
        return shared(KafkaProbe.class, run -> new KafkaProbe(run.environment()));
    }

    public NatsProbe nats() {
        return shared(NatsProbe.class, run -> new NatsProbe(run.environment()));
    }

    /**
     * The TimescaleDB probe: through {@code timescale.jdbcUrl} when the environment names one, otherwise through a
     * port-forward to the statefulset's pod, opened once per run and closed with it.
     */
    public TimescaleProbe timescale() {
        return shared(TimescaleProbe.class, run -> new TimescaleProbe(run.environment(), run.secrets(),
                run.timescaleJdbcUrl()));
    }

    private String timescaleJdbcUrl() {
        Environment.Timescale timescale = environment().timescale();
        if (timescale.jdbcUrl() != null && !timescale.jdbcUrl().isBlank()) {
            return timescale.jdbcUrl();
        }
        TimescaleForward forward = shared(TimescaleForward.class, run -> new TimescaleForward(run.kubernetes()
                .portForward(environment().kubernetes().namespace(), timescale.statefulset(), timescale.port())));
        return forward.local().map(local -> "jdbc:postgresql://127.0.0.1:" + local.getLocalPort() + "/"
                + timescale.database()).orElseThrow(() -> new AssertionFailedError("TimescaleDB is unreachable: no"
                + " Ready pod of statefulset " + environment().kubernetes().namespace() + "/"
                + timescale.statefulset() + " to port-forward to (and no timescale.jdbcUrl); expected a Ready pod"
                + " serving port " + timescale.port() + "; open runbook 3.1 Query TimescaleDB for the latest market"
                + " tick"));
    }

    /** The run's port-forward to TimescaleDB, closed when the run ends. */
    private record TimescaleForward(Optional<LocalPortForward> local) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            if (local.isPresent()) {
                local.get().close();
            }
        }
    }

    public FeastProbe feast() {
        return shared(FeastProbe.class, run -> new FeastProbe(run.environment(), run.secrets()));
    }

    /**
     * The run's one reading of an object several checks judge (a policy engine's deployment, the webhook
     * configurations), so that each object costs one request per run however many checks look at it.
     */
    @SuppressWarnings("unchecked")
    public <T> T once(String object, Supplier<T> read) {
        return (T) readings.computeIfAbsent(object, key -> read.get());
    }

    /**
     * The run's one instance of {@code type} (a probe or client), built by {@code factory} on first use and closed
     * with the run when it is {@link AutoCloseable}. Checks share clients instead of building one each.
     */
    public <T> T shared(Class<T> type, Function<Runbook, T> factory) {
        return type.cast(shared.computeIfAbsent(type, key -> factory.apply(this)));
    }

    @Override
    public void close() {
        budget.close();
        List<Object> instances = new ArrayList<>(shared.values());
        for (Object instance : instances) {
            if (instance instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception failed) {
                    LOG.debug("closing {} failed: {}", instance.getClass().getSimpleName(), failed.toString());
                }
            }
        }
        if (platform != null) {
            EscalationTargets.clear();
            platform.close();
        }
    }
}
