package io.aether.runbook.probe.sbom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.verdict.postmortem.SbomJudge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SbomSource")
class SbomSourceTest {

    private static final String PIPELINE = "src/test/resources/platform/pipeline/risk-api-prod.cdx.json";
    private WireMockServer ci;
    private SbomSource source;

    @BeforeEach
    void start() {
        ci = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        ci.start();
        Environment env = new EnvironmentLoader(Path.of("environments"), name -> null).load("local", Map.of())
                .environment();
        source = new SbomSource(env, new Secrets(Map.of("CI_ARTIFACT_TOKEN", "ci-token-4711")));
    }

    @AfterEach
    void stop() {
        ci.stop();
    }

    @Test
    @DisplayName("fetches an SBOM from a URL with the named token and validates it against its CycloneDX schema")
    void readsSbomFromUrl() throws Exception {
        ci.stubFor(get(urlPathEqualTo("/artifacts/bom.cdx.json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Files.readAllBytes(Path.of(PIPELINE)))));
        String url = "http://127.0.0.1:" + ci.port() + "/artifacts/bom.cdx.json";

        SbomReading reading = source.read("the latest pipeline run's SBOM", url, "CI_ARTIFACT_TOKEN");

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.specVersion()).isEqualTo("1.5");
        assertThat(reading.components()).isEqualTo(7);
        assertThat(reading.subject()).isEqualTo("registry.aether.internal/aether/risk-api"
                + " sha256:3b1f0c9d2e8a7f6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b");
        ci.verify(getRequestedFor(urlPathEqualTo("/artifacts/bom.cdx.json"))
                .withHeader("Authorization", equalTo("Bearer ci-token-4711")));
    }

    @Test
    @DisplayName("the suite's own SBOM, written by the build, is valid CycloneDX with its test-scope dependencies")
    void suiteSbomIsValid() {
        Assumptions.assumeTrue(Files.exists(Path.of("target/bom.json")), "target/bom.json was not built: the"
                + " CycloneDX plugin skips in Maven's offline mode (-o); run the build online to check it");

        SbomReading suite = source.read("this suite's SBOM", "target/bom.json", null);

        assertThat(suite.valid()).as("problems: %s %s", suite.fetchProblem(), suite.problems()).isTrue();
        assertThat(suite.subject()).isEqualTo("io.aether:aether-runbook 0.1.0-SNAPSHOT");
        assertThat(new String(suite.content(), StandardCharsets.UTF_8)).contains("pkg:maven/org.junit.jupiter/")
                .contains("pkg:maven/org.wiremock/wiremock-standalone@3.13.2");
    }

    @Test
    @DisplayName("a document that is not CycloneDX, or breaks its schema, or is missing, fails naming why")
    void invalidOrMissingSbomFails() {
        SbomReading spdx = SbomSource.parse("a pipeline SBOM", "spdx.json",
                "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
        SbomReading broken = SbomSource.parse("a pipeline SBOM", "broken.json",
                "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":\"fastapi\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        SbomReading missing = source.read("the latest pipeline run's SBOM", "target/no-such-bom.json", null);

        assertThat(spdx.problems()).first().isEqualTo("bomFormat is '', not 'CycloneDX'");
        assertThat(broken.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem).contains("type"));
        assertThat(SbomJudge.judge(List.of(missing)).message()).isEqualTo("the latest pipeline run's SBOM could not"
                + " be had from target/no-such-bom.json: no such file " + Path.of("target/no-such-bom.json")
                .toAbsolutePath().normalize() + "; expected valid CycloneDX JSON; open runbook 5.3 Attach SBOM"
                + " artifacts from the latest pipeline run to the incident ticket");
    }
}
