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
import io.aether.runbook.probe.data.KafkaProbe;
import io.aether.runbook.probe.data.NatsProbe;
import io.aether.runbook.probe.data.TimescaleProbe;
import io.aether.runbook.probe.http.ArgoCdProbe;
import io.aether.runbook.probe.http.FeastProbe;
import io.aether.runbook.probe.http.IngressProbe;
import io.aether.runbook.probe.kubernetes.KubernetesProbe;
import io.aether.runbook.report.Evidence;
import io.aether.runbook.report.RunDescription;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a check needs for one run: the validated environment, its secrets, and one probe per platform
 * system, built on first use and shared by all checks. For the local environment it also owns the local platform,
 * booted before the environment's endpoints are bound and stopped when the run ends.
 */
public final class Runbook implements ExtensionContext.Store.CloseableResource {

    private static final Logger LOG = LoggerFactory.getLogger(Runbook.class);

    private final LoadedEnvironment loaded;
    private final RunSettings settings;
    private final LocalPlatform platform;
    private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

    private Runbook(LoadedEnvironment loaded, RunSettings settings, LocalPlatform platform) {
        this.loaded = loaded;
        this.settings = settings;
        this.platform = platform;
    }

    static Runbook start(RunSettings settings) {
        settings.validate();
        Map<String, String> properties = systemProperties();
        EnvironmentLoader loader = EnvironmentLoader.fromProcess();
        boolean reviewing = settings.incident().isPresent();
        LoadedEnvironment loaded = loader.load(settings.environmentName(), properties, reviewing);
        settings.validateAgainst(loaded.environment());
        LocalPlatform platform = null;
        if (loaded.environment().platform() == Environment.Platform.LOCAL) {
            Set<Drill> drills = settings.drills().isEmpty() ? Set.of() : EnumSet.copyOf(settings.drills());
            platform = LocalPlatform.start(loaded.environment(), drills, LocalPlatformStarters.embedded());
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

    public TimescaleProbe timescale() {
        return shared(TimescaleProbe.class, run -> new TimescaleProbe(run.environment(), run.secrets()));
    }

    public FeastProbe feast() {
        return shared(FeastProbe.class, run -> new FeastProbe(run.environment(), run.secrets()));
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
