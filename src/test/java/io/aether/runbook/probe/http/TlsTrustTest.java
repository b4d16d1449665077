package io.aether.runbook.probe.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.http.LocalHttpEnvironment;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.http.ArgoCdJudge;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An Argo CD API on loopback behind a self-signed certificate made for this test with the JDK's keytool: refused by
 * default, trusted through a CA bundle, and reached with a warning when its endpoint turns verification off.
 */
@DisplayName("TLS towards an HTTPS endpoint")
class TlsTrustTest {

    private static final String PASSWORD = "runbook-test-keystore";
    private static final String LIST = "{\"items\":[{\"metadata\":{\"name\":\"aether-risk-prod\"},"
            + "\"spec\":{\"project\":\"aether-risk\"},\"status\":{\"sync\":{\"status\":\"Synced\"},"
            + "\"health\":{\"status\":\"Healthy\"}}}]}";

    @TempDir
    static Path keys;

    private static WireMockServer argocd;
    private static Path caBundle;

    @BeforeAll
    static void startHttpsArgoCd() throws Exception {
        Path keystore = keys.resolve("argocd.p12");
        caBundle = keys.resolve("argocd-ca.pem");
        keytool("-genkeypair", "-alias", "argocd", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "argocd", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", caBundle.toString());
        argocd = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD));
        argocd.start();
        argocd.stubFor(get(urlPathEqualTo("/api/v1/applications")).willReturn(okJson(LIST)));
    }

    @AfterAll
    static void stop() {
        argocd.stop();
    }

    @Test
    void aSelfSignedCertificateFailsByDefaultNamingTheEndpointAndTheTlsError() {
        ApplicationListObservation observed = probe(Map.of()).listApplications();

        Verdict verdict = ArgoCdJudge.project(observed, "aether-risk-prod");
        assertThat(observed.exchange().reachable()).isFalse();
        assertThat(verdict.message()).contains("GET " + url() + "/api/v1/applications?projects=aether-risk got no"
                + " answer (TLS handshake failed (PKIX path building failed:")
                .contains("name the CA that signs its certificate with tls.argocd.caBundle;"
                        + " connect timeout 2s, request timeout 5s)");
    }

    @Test
    void theEndpointsCaBundleMakesItsCertificateTrusted() {
        ApplicationListObservation observed = probe(Map.of("tls.argocd.caBundle", caBundle.toString()))
                .listApplications();

        assertThat(observed.exchange().status()).isEqualTo(200);
        assertThat(ArgoCdJudge.project(observed, "aether-risk-prod").passed()).isTrue();
    }

    @Test
    void turningVerificationOffReachesTheEndpointWithAWarning() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger transportLog = (Logger) LoggerFactory.getLogger(HttpTransport.class);
        log.start();
        transportLog.addAppender(log);
        try {
            ApplicationListObservation observed = probe(Map.of("tls.argocd.insecureSkipVerify", "true"))
                    .listApplications();

            assertThat(observed.exchange().status()).isEqualTo(200);
        } finally {
            transportLog.detachAppender(log);
        }
        List<String> warnings = log.list.stream().filter(event -> "WARN".equals(event.getLevel().toString()))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).containsExactly("Argo CD: TLS verification is off (tls.argocd.insecureSkipVerify: true):"
                + " the server's certificate and host name are not checked, so anyone on the path could answer in"
                + " its place");
    }

    @Test
    void otherEndpointsStillVerifyWhenOneTurnsVerificationOff() {
        ApplicationListObservation observed = probe(Map.of("tls.feast.insecureSkipVerify", "true"))
                .listApplications();

        assertThat(observed.exchange().reachable()).isFalse();
    }

    private static ArgoCdProbe probe(Map<String, String> tls) {
        Map<String, String> overrides = new java.util.HashMap<>(tls);
        overrides.put("argocd.server", url());
        Environment environment = LocalHttpEnvironment.load(overrides, Map.of()).environment();
        return new ArgoCdProbe(environment, Secrets.none());
    }

    private static String url() {
        return "https://127.0.0.1:" + argocd.httpsPort();
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + arguments[0] + " failed: "
                    + new String(process.getInputStream().readAllBytes()));
        }
    }
}
