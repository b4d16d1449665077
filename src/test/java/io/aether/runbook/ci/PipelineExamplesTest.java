package io.aether.runbook.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aether.runbook.safety.SuiteRbac;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Reads every file of {@code ci/} the way its tool would (Kubernetes manifests through the fabric8 model, the
 * GitHub and GitLab pipelines as YAML, the Jenkinsfile as text) and checks that each runs the suite as the README
 * documents it, publishes the JUnit XML and the Allure report, and runs in the cluster under the ServiceAccount of
 * {@code ci/rbac.yaml}. A new file in {@code ci/} fails here until this test knows how to read it.
 */
@DisplayName("The pipeline examples in ci/")
class PipelineExamplesTest {

    private static final Path CI = Path.of("ci");
    private static final String GATE = "mvn -B verify -Denv=staging -Dgroups=gate";
    private static final String JUNIT_XML = "target/failsafe-reports/TEST-*.xml";
    private static final String PLACEHOLDER_REGISTRY = "registry.example.invalid/";
    /** Inside the cluster the database is reached through its Service, so no port-forward is needed. */
    private static final String IN_CLUSTER_DATABASE =
            " -Dtimescale.jdbcUrl=jdbc:postgresql://timescaledb-prod.aether-prod.svc:5432/marketdata";
    /** A Maven command in a shell line: {@code mvn} and its arguments, up to a shell operator or quote. */
    private static final Pattern MVN = Pattern.compile("(?<![\\w-])mvn(?: [^\\n;&|'\"`]+)?");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    @DisplayName("holds exactly the files this test reads, each readable by its tool")
    void everyFileIsKnown() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> listing = Files.list(CI)) {
            listing.forEach(file -> files.add(file.getFileName().toString()));
        }

        assertThat(files).containsExactly("Jenkinsfile", "argocd-postsync-gate.yaml", "checkstyle.xml",
                "cronjob.yaml", "github-actions-release-gate.yml", "gitlab-ci.yml", "rbac.yaml");
        assertThat(xml("checkstyle.xml").getDocumentElement().getAttribute("name")).isEqualTo("Checker");
        assertThat(SuiteRbac.manifests(CI.resolve("rbac.yaml"))).hasSize(9);
    }

    @Test
    @DisplayName("GitHub Actions runs the gate and publishes the JUnit XML and the Allure report, pass or fail")
    void githubActions() throws IOException {
        JsonNode workflow = YAML.readTree(CI.resolve("github-actions-release-gate.yml").toFile());
        JsonNode steps = workflow.at("/jobs/gate/steps");

        assertThat(mavenCommands(runs(steps))).containsExactly(GATE);
        assertThat(workflow.at("/jobs/gate/timeout-minutes").asInt()).isEqualTo(30);
        JsonNode junit = step(steps, "mikepenz/action-junit-report@");
        assertThat(junit.at("/if").asText()).isEqualTo("always()");
        assertThat(junit.at("/with/report_paths").asText()).isEqualTo(JUNIT_XML);
        JsonNode upload = step(steps, "actions/upload-artifact@");
        assertThat(upload.at("/if").asText()).isEqualTo("always()");
        assertThat(upload.at("/with/path").asText().lines()).contains("reports/allure-report",
                "reports/aether-runbook-report.html");
    }

    @Test
    @DisplayName("GitLab CI runs the gate and keeps the JUnit XML and the Allure report, pass or fail")
    void gitlabCi() throws IOException {
        JsonNode job = YAML.readTree(CI.resolve("gitlab-ci.yml").toFile()).get("release-gate");

        assertThat(mavenCommands(texts(job.get("script")))).containsExactly(GATE);
        assertThat(job.at("/artifacts/when").asText()).isEqualTo("always");
        assertThat(job.at("/artifacts/reports/junit").asText()).isEqualTo(JUNIT_XML);
        assertThat(texts(job.at("/artifacts/paths"))).containsExactly("reports/allure-report/",
                "reports/aether-runbook-report.html");
        assertThat(job.at("/timeout").asText()).isEqualTo("30m");
    }

    @Test
    @DisplayName("the Jenkinsfile runs the gate and records the JUnit XML and the Allure report, pass or fail")
    void jenkinsfile() throws IOException {
        String pipeline = Files.readString(CI.resolve("Jenkinsfile"));
        String always = pipeline.substring(pipeline.indexOf("post {"));

        assertThat(mavenCommands(shellSteps(pipeline))).containsExactly(GATE);
        assertThat(always).contains("always {", "junit testResults: '" + JUNIT_XML + "'",
                "reportDir: 'reports/allure-report'",
                "archiveArtifacts artifacts: 'reports/aether-runbook-report.html'");
        assertThat(pipeline).contains("timeout(time: 30, unit: 'MINUTES')");
    }

    @Test
    @DisplayName("the Argo CD PostSync hook runs the gate against prod under the suite's ServiceAccount")
    void argoCdPostSyncHook() {
        List<HasMetadata> manifests = SuiteRbac.manifests(CI.resolve("argocd-postsync-gate.yaml"));

        assertThat(manifests).singleElement().isInstanceOf(Job.class);
        Job job = (Job) manifests.get(0);
        assertThat(job.getMetadata().getAnnotations()).containsEntry("argocd.argoproj.io/hook", "PostSync")
                .containsEntry("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation");
        assertThat(job.getMetadata().getNamespace()).isEqualTo(suiteAccount().getMetadata().getNamespace());
        assertRunsInCluster(job.getSpec(), "mvn -B -o verify -Denv=prod -Dgroups=gate" + IN_CLUSTER_DATABASE);
    }

    @Test
    @DisplayName("the CronJob runs every check against prod under the suite's ServiceAccount, never twice at once")
    void cronJob() {
        List<HasMetadata> manifests = SuiteRbac.manifests(CI.resolve("cronjob.yaml"));

        assertThat(manifests).singleElement().isInstanceOf(CronJob.class);
        CronJob cron = (CronJob) manifests.get(0);
        assertThat(cron.getSpec().getSchedule()).isEqualTo("*/30 * * * *");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cron.getMetadata().getNamespace()).isEqualTo(suiteAccount().getMetadata().getNamespace());
        assertRunsInCluster(cron.getSpec().getJobTemplate().getSpec(), "mvn -B -o verify -Denv=prod"
                + IN_CLUSTER_DATABASE);
    }

    @Test
    @DisplayName("every Maven command the examples run is one the README documents")
    void commandsAreInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> commands = new ArrayList<>();
        commands.addAll(mavenCommands(runs(YAML.readTree(CI.resolve("github-actions-release-gate.yml").toFile())
                .at("/jobs/gate/steps"))));
        commands.addAll(mavenCommands(texts(YAML.readTree(CI.resolve("gitlab-ci.yml").toFile())
                .at("/release-gate/script"))));
        commands.addAll(mavenCommands(shellSteps(Files.readString(CI.resolve("Jenkinsfile")))));
        Stream.of("argocd-postsync-gate.yaml", "cronjob.yaml").forEach(file -> commands.add(command(
                SuiteRbac.manifests(CI.resolve(file)).get(0))));

        List<String> documented = readme.lines().map(line -> line.replaceFirst("\\s+#.*$", "").strip()).toList();

        assertThat(commands).hasSize(5).allSatisfy(command -> assertThat(documented)
                .as("README.md lines (a trailing # comment ignored)").contains(command));
    }

    /** Bounded, unretried, under the suite's ServiceAccount, with a placeholder image and secrets by reference. */
    private static void assertRunsInCluster(JobSpec job, String expectedCommand) {
        PodSpec pod = job.getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(pod.getServiceAccountName()).isEqualTo(suiteAccount().getMetadata().getName());
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getBackoffLimit()).isZero();
        assertThat(job.getActiveDeadlineSeconds()).isPositive();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(String.join(" ", container.getCommand())).isEqualTo(expectedCommand);
        assertThat(container.getImage()).startsWith(PLACEHOLDER_REGISTRY).contains("placeholder");
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .containsExactly("ARGOCD_AUTH_TOKEN", "TIMESCALE_USER", "TIMESCALE_PASSWORD");
        assertThat(container.getEnv()).allSatisfy(variable -> {
            assertThat(variable.getValue()).as("literal value of %s", variable.getName()).isNull();
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("aether-runbook-credentials");
        });
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    private static ServiceAccount suiteAccount() {
        return SuiteRbac.read(CI.resolve("rbac.yaml")).serviceAccount();
    }

    private static String command(HasMetadata manifest) {
        JobSpec job = manifest instanceof CronJob cron ? cron.getSpec().getJobTemplate().getSpec()
                : ((Job) manifest).getSpec();
        return String.join(" ", job.getTemplate().getSpec().getContainers().get(0).getCommand());
    }

    private static JsonNode step(JsonNode steps, String usesPrefix) {
        for (JsonNode step : steps) {
            if (step.path("uses").asText().startsWith(usesPrefix)) {
                return step;
            }
        }
        throw new AssertionError("no step uses " + usesPrefix + "...");
    }

    /** The shell scripts of a GitHub job's {@code run:} steps. */
    private static List<String> runs(JsonNode steps) {
        List<String> runs = new ArrayList<>();
        steps.forEach(step -> {
            if (step.has("run")) {
                runs.add(step.get("run").asText());
            }
        });
        return runs;
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** The commands of a Jenkinsfile's {@code sh '...'} steps. */
    private static List<String> shellSteps(String pipeline) {
        List<String> steps = new ArrayList<>();
        Matcher sh = Pattern.compile("\\bsh\\s+'([^']*)'").matcher(pipeline);
        while (sh.find()) {
            steps.add(sh.group(1));
        }
        return steps;
    }

    private static List<String> mavenCommands(List<String> scripts) {
        List<String> commands = new ArrayList<>();
        for (String script : scripts) {
            Matcher mvn = MVN.matcher(script);
            while (mvn.find()) {
                commands.add(mvn.group().strip());
            }
        }
        return commands;
    }

    private static Document xml(String file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // the DOCTYPE names checkstyle's DTD by URL: never fetch it
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            return factory.newDocumentBuilder().parse(CI.resolve(file).toFile());
        } catch (Exception unreadable) {
            throw new AssertionError("ci/" + file + " is not well-formed XML: " + unreadable.getMessage(),
                    unreadable);
        }
    }
}
