package io.aether.runbook.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.aether.runbook.config.ConfigException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Replay seed directories")
class SeedReaderTest {

    private static final String FIX = ". Fix: correct or remove the file (see the README's \"Replaying a cluster's"
            + " state\")";

    @TempDir
    Path seed;

    @Test
    @DisplayName("reads a kubectl List dump with status, keeping the Deployment typed and its status intact")
    void readsKubectlList() {
        ReplaySeed state = ReplaySeed.read(Path.of("src/test/resources/replay/rollout-stuck"));

        assertThat(state.objects()).hasSize(1);
        Deployment deployment = (Deployment) state.objects().get(0).object();
        assertThat(deployment.getMetadata().getName()).isEqualTo("risk-api-prod");
        assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(1);
        assertThat(deployment.getStatus().getConditions()).extracting("reason")
                .containsExactly("MinimumReplicasAvailable", "ProgressDeadlineExceeded");
    }

    @Test
    @DisplayName("reads many YAML documents and JSON, an Argo CD Application as a generic resource")
    void readsDocumentsAndJson() throws IOException {
        Files.writeString(seed.resolve("apps.yaml"), "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\n"
                + "metadata:\n  name: aether-risk-prod\n  namespace: argocd\nspec:\n  project: aether-risk\n"
                + "status:\n  health:\n    status: Degraded\n  sync:\n    status: OutOfSync\n---\n"
                + "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: aether-replay\n---\n");
        Files.writeString(seed.resolve("node.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":"
                + "{\"name\":\"aether-prod-worker-9\"},\"status\":{\"conditions\":[{\"type\":\"Ready\","
                + "\"status\":\"Unknown\",\"reason\":\"NodeStatusUnknown\"}]}}");

        ReplaySeed state = ReplaySeed.read(seed);

        assertThat(state.objects()).extracting(object -> object.object().getKind() + "/"
                + object.object().getMetadata().getName())
                .containsExactly("Application/aether-risk-prod", "Namespace/aether-replay",
                        "Node/aether-prod-worker-9");
        GenericKubernetesResource application = (GenericKubernetesResource) state.objects().get(0).object();
        assertThat(application.getAdditionalProperties().get("status")).asInstanceOf(MAP).containsKey("health");
    }

    @Test
    @DisplayName("refuses malformed YAML naming the file, the parser's reason and the line")
    void refusesMalformedYaml() {
        Path broken = Path.of("src/test/resources/replay/malformed");

        assertThatThrownBy(() -> ReplaySeed.read(broken)).isInstanceOf(ConfigException.class)
                .hasMessage("src/test/resources/replay/malformed/broken.yaml: refused as a replay seed: not valid"
                        + " YAML: expected <block end>, but found '<block mapping start>' at line 6, column 2" + FIX);
    }

    @Test
    @DisplayName("refuses an object without metadata.name, naming the document")
    void refusesNamelessObject() throws IOException {
        Path file = seed.resolve("deployments.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: aether-prod\n---\n"
                + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  namespace: aether-prod\n");

        assertThatThrownBy(() -> ReplaySeed.read(seed)).hasMessage(file + ": refused as a replay seed: document 2:"
                + " Deployment without metadata.name" + FIX);
    }

    @Test
    @DisplayName("reads WireMock mappings per service, one or a list of them, and refuses a file that is none")
    void readsMappings() throws IOException {
        Path argocd = Files.createDirectories(seed.resolve("http/argocd"));
        Files.writeString(argocd.resolve("one.json"), "{\"request\":{\"method\":\"GET\",\"urlPath\":\"/api/v1/"
                + "applications/x\"},\"response\":{\"status\":404}}");
        Path feast = Files.createDirectories(seed.resolve("http/feast"));
        Files.writeString(feast.resolve("two.json"), "{\"mappings\":[{\"request\":{\"url\":\"/health\"},"
                + "\"response\":{\"status\":200}},{\"request\":{\"url\":\"/get-online-features\"},"
                + "\"response\":{\"status\":500}}]}");

        ReplaySeed state = ReplaySeed.read(seed);

        assertThat(state.mappings()).containsOnlyKeys("argocd", "feast");
        assertThat(state.mappings().get("feast")).hasSize(2);

        Files.writeString(feast.resolve("three.json"), "{\"url\":\"/health\",\"status\":200}");
        assertThatThrownBy(() -> ReplaySeed.read(seed)).hasMessage(feast.resolve("three.json")
                + ": refused as a replay seed: not a WireMock mapping: it needs a request and a response object"
                + FIX);
    }

    @Test
    @DisplayName("refuses a mapping outside http/<service>/")
    void refusesMisplacedMapping() throws IOException {
        Path file = Files.createDirectories(seed.resolve("http")).resolve("argocd.json");
        Files.writeString(file, "{}");

        assertThatThrownBy(() -> ReplaySeed.read(seed)).hasMessage(file + ": refused as a replay seed: HTTP"
                + " mappings belong in http/<service>/<name>.json" + FIX);
    }

    @Test
    @DisplayName("tells SQL that writes the tick table from SQL that only reads it")
    void detectsTickWrites() {
        var writes = ReplaySeed.ticksWrite("market_ticks");

        assertThat(writes.matcher("DELETE FROM public.market_ticks;").find()).isTrue();
        assertThat(writes.matcher("insert into \"market_ticks\" (event_time) values (now())").find()).isTrue();
        assertThat(writes.matcher("TRUNCATE TABLE market_ticks").find()).isTrue();
        assertThat(writes.matcher("COPY public.market_ticks (event_time, symbol) FROM stdin;").find()).isTrue();
        assertThat(writes.matcher("select max(event_time) from market_ticks").find()).isFalse();
        assertThat(writes.matcher("insert into market_ticks_archive select 1").find()).isFalse();
    }
}
