package io.aether.runbook.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.aether.runbook.platform.PlatformRequest;
import io.aether.runbook.platform.PlatformTraffic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs every runbook section through the JUnit test kit against the healthy local platform, then judges the suite
 * by what the platform's fakes received: the Kubernetes API's request log and the HTTP fakes' WireMock journals.
 * The suite is read-only when no write reached the cluster apart from opening the exec stream the runbook itself
 * uses, when the HTTP systems saw only reads apart from the Feast feature lookup, and when every cluster call is
 * one {@code ci/rbac.yaml} allows.
 */
@DisplayName("A healthy run of every runbook section")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadOnlyRunTest {

    /** Feast's online lookup: a read, sent as POST because its query travels in the body. */
    private static final PlatformRequest FEAST_LOOKUP = new PlatformRequest("http", "POST", "/get-online-features");
    /** The HTTP fakes' journals keep this many requests; a full journal may have dropped the oldest. */
    private static final int JOURNAL_CAPACITY = 500;
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    private static final Set<String> STREAMS = Set.of("pods/exec", "pods/portforward");

    private EngineExecutionResults results;
    private List<PlatformRequest> received;

    @BeforeAll
    void runEverySection() {
        results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("env", "local")
                .configurationParameter("drill", "")
                .selectors(selectPackage("io.aether.runbook.checks"))
                .filters(includeClassNamePatterns(".*IT"))
                .execute();
        received = PlatformTraffic.lastRun();
    }

    @Test
    @DisplayName("passes every check of every section, so each probe took its whole path")
    void everyCheckPasses() {
        List<String> notPassed = Stream.concat(results.testEvents().failed().stream(),
                results.containerEvents().failed().stream()).map(ReadOnlyRunTest::describe).toList();
        List<String> sections = results.containerEvents().succeeded().stream()
                .map(event -> event.getTestDescriptor().getSource())
                .flatMap(source -> source.filter(ClassSource.class::isInstance).stream())
                .map(source -> ((ClassSource) source).getClassName()).toList();

        assertThat(notPassed).isEmpty();
        assertThat(sections).contains("io.aether.runbook.checks.EnvironmentValidationIT",
                "io.aether.runbook.checks.DeploymentHealthIT", "io.aether.runbook.checks.DataFreshnessIT",
                "io.aether.runbook.checks.SloThresholdsIT");
        assertThat(results.testEvents().succeeded().count()).isGreaterThanOrEqualTo(19);
    }

    @Test
    @DisplayName("sends the Kubernetes API no write, apart from the exec stream of runbook 2.3")
    void noWriteReachesTheCluster() {
        List<KubernetesRequest> cluster = kubernetesRequests();
        List<String> writes = cluster.stream()
                .filter(request -> request.writes() && !onlyOpensAStream(request)).map(Object::toString).toList();
        List<String> methods = received("kubernetes").stream()
                .filter(request -> !READ_METHODS.contains(request.method())
                        && !STREAMS.contains(KubernetesRequest.of(request).resourcePath()))
                .map(Object::toString).toList();
        List<String> streams = cluster.stream().filter(KubernetesRequest::writes).map(Object::toString).toList();

        assertThat(cluster).as("Kubernetes API requests of the run").hasSizeGreaterThanOrEqualTo(12);
        assertThat(writes).as("requests that would change the cluster").isEmpty();
        assertThat(methods).as("requests with a method other than GET").isEmpty();
        assertThat(streams).as("streams opened into pods").singleElement().asString()
                .matches("create,get pods/exec marketdata-ingestor-prod-[a-z0-9]+-[a-z0-9]+ in aether-prod");
        assertThat(received("kubernetes")).filteredOn(request -> request.path().contains("/exec?"))
                .singleElement().extracting(PlatformRequest::path).asString()
                .contains("command=nc&command=-z&command=kafka-prod&command=9092");
    }

    @Test
    @DisplayName("sends the HTTP systems only reads, apart from the Feast feature lookup")
    void httpProbesOnlyRead() {
        List<PlatformRequest> http = Stream.of("http", "prometheus", "escalation")
                .flatMap(system -> received(system).stream()).toList();
        List<PlatformRequest> mutating = http.stream()
                .filter(request -> !READ_METHODS.contains(request.method()))
                .filter(request -> !request.system().equals(FEAST_LOOKUP.system())
                        || !request.pathOnly().equals(FEAST_LOOKUP.path()))
                .toList();

        assertThat(mutating).as("requests that are neither reads nor the Feast lookup").isEmpty();
        assertThat(http).filteredOn(request -> !READ_METHODS.contains(request.method()))
                .as("the Feast lookup of runbook 3.2, sent once").containsExactly(FEAST_LOOKUP);
        assertThat(received("http")).extracting(PlatformRequest::pathOnly)
                .contains("/api/v1/applications", "/api/healthz", "/get-online-features");
        assertThat(received("prometheus")).extracting(PlatformRequest::pathOnly)
                .contains("/api/v1/query", "/api/v1/rules", "/api/healthz");
        Stream.of("http", "prometheus", "escalation").forEach(system -> assertThat(received(system))
                .as("journal of %s, below its capacity so nothing was dropped", system)
                .hasSizeLessThan(JOURNAL_CAPACITY));
    }

    @Test
    @DisplayName("makes only Kubernetes API calls that ci/rbac.yaml allows")
    void everyClusterCallIsAllowed() {
        SuiteRbac rbac = SuiteRbac.read(Path.of("ci", "rbac.yaml"));

        List<String> denied = kubernetesRequests().stream().filter(request -> !rbac.allows(request))
                .map(Object::toString).distinct().toList();

        assertThat(denied).as("calls the ServiceAccount %s may not make",
                rbac.serviceAccount().getMetadata().getName()).isEmpty();
        assertThat(kubernetesRequests()).allMatch(KubernetesRequest::isResourceRequest);
    }

    @Test
    @DisplayName("uses every permission of ci/rbac.yaml, apart from the port-forward to TimescaleDB")
    void rbacGrantsNothingUnused() {
        SuiteRbac rbac = SuiteRbac.read(Path.of("ci", "rbac.yaml"));

        List<String> unused = rbac.unused(kubernetesRequests());

        // port-forward is granted for environments without a JDBC route, which the local one has; `get pods` is
        // what the client may use to read the exec target by name, where it may also list it by a name selector
        assertThat(unused).contains("get pods/portforward in aether-prod", "create pods/portforward in aether-prod")
                .isSubsetOf("get pods in aether-prod", "get pods/portforward in aether-prod",
                        "create pods/portforward in aether-prod");
    }

    private static boolean onlyOpensAStream(KubernetesRequest request) {
        return STREAMS.contains(request.resourcePath()) && Set.of("get", "create").containsAll(request.verbs());
    }

    @Test
    @DisplayName("reads each Kubernetes object once, lists each kind once per namespace, never pods cluster-wide")
    void staysWithinTheKubernetesRequestBound() {
        Map<String, Long> perObjectOrList = received("kubernetes").stream()
                .collect(Collectors.groupingBy(request -> request.method() + " " + request.path(), TreeMap::new,
                        Collectors.counting()));
        List<String> clusterWidePodLists = kubernetesRequests().stream()
                .filter(request -> "pods".equals(request.resourcePath()) && request.namespace().isEmpty())
                .map(Object::toString).toList();

        assertThat(perObjectOrList).as("Kubernetes requests of a healthy run, each object or list at most once")
                .isNotEmpty().allSatisfy((request, count) -> assertThat(count).as(request).isEqualTo(1L));
        assertThat(clusterWidePodLists).isEmpty();
    }

    private List<KubernetesRequest> kubernetesRequests() {
        return received("kubernetes").stream().map(KubernetesRequest::of).toList();
    }

    private List<PlatformRequest> received(String system) {
        return received.stream().filter(request -> request.system().equals(system)).toList();
    }

    private static String describe(Event event) {
        return event.getTestDescriptor().getDisplayName() + ": " + event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
    }
}
