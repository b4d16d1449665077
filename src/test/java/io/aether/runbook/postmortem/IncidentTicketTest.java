package io.aether.runbook.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.escalation.Delivery;
import io.aether.runbook.escalation.DeliveryClient;
import io.aether.runbook.escalation.JiraTracker;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.escalation.EscalationFakes;
import io.aether.runbook.verdict.postmortem.TicketJudge;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("IncidentTicket against the local Jira")
class IncidentTicketTest {

    @TempDir
    Path directory;
    private EscalationFakes fakes;
    private DeliveryClient client;
    private JiraTracker jira;

    @BeforeEach
    void start() {
        Environment env = new EnvironmentLoader(Path.of("environments"), name -> null).load("local", Map.of())
                .environment();
        fakes = EscalationFakes.start(env, Set.of(), new ServiceDirectory());
        client = new DeliveryClient(env.timeouts(), env.escalation().retry(), Secrets.none());
        jira = new JiraTracker(fakes.baseUrl() + EscalationFakes.JIRA_PATH, null, null, client);
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    @Test
    @DisplayName("every item goes up with the XSRF header, is listed on the ticket afterwards; a rerun adds none")
    void itemsAreAttachedAndReadBack() throws IOException {
        List<Path> items = List.of(Files.writeString(directory.resolve("loki-export.json"), "{\"lines\":1200}"),
                Files.write(directory.resolve("grafana-risk-api-overview-panel-1.png"), new byte[] {(byte) 0x89, 'P'}));

        TicketReceipt first = new IncidentTicket(jira, "INC-1").attach(items, receipt -> "h3. review");
        TicketReceipt rerun = new IncidentTicket(jira, "INC-1").attach(items, receipt -> "h3. review");

        assertThat(TicketJudge.judge(first).message()).isEqualTo("ticket INC-1 holds all 2 evidence item(s) (2"
                + " uploaded now, 0 already attached) and the checklist comment");
        assertThat(TicketJudge.judge(rerun).message()).isEqualTo("ticket INC-1 holds all 2 evidence item(s) (0"
                + " uploaded now, 2 already attached) and the checklist comment");
        assertThat(fakes.attachmentsOf("INC-1")).containsExactly("loki-export.json",
                "grafana-risk-api-overview-panel-1.png");
        assertThat(fakes.received(EscalationFakes.JIRA_PATH)).filteredOn(request -> request.url()
                .endsWith("/attachments")).hasSize(2).allSatisfy(request -> assertThat(request.headers())
                .containsEntry("X-Atlassian-Token", "no-check"));
    }

    @Test
    @DisplayName("an upload without the XSRF header is refused by Jira, and the check says the header is missing")
    void uploadWithoutHeaderFailsNamingTheHeader() throws IOException {
        Path item = Files.writeString(directory.resolve("loki-export.json"), "{\"lines\":1200}");
        URI uri = URI.create(fakes.baseUrl() + EscalationFakes.JIRA_PATH + "/rest/api/2/issue/INC-1/attachments");

        Delivery refused = client.send("Jira attach loki-export.json to INC-1", () -> client.newRequest(uri)
                .header("Content-Type", "multipart/form-data; boundary=b").POST(HttpRequest.BodyPublishers.ofString(
                        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"loki-export.json\"\r\n\r\n"
                        + "{}\r\n--b--\r\n")).build(), response -> response.statusCode() == 200);
        TicketReceipt receipt = new TicketReceipt("INC-1", jira.issue("INC-1"), List.of(new TicketReceipt.Upload(
                item.getFileName().toString(), Files.size(item), refused)), List.of(), null, null);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(fakes.attachmentsOf("INC-1")).isEmpty();
        assertThat(TicketJudge.judge(receipt).message()).isEqualTo("1 of 1 evidence item(s) were not attached to"
                + " ticket INC-1: loki-export.json (answered HTTP 403 'XSRF check failed', which is not an acceptance"
                + " and is not retried: Jira refused it as a cross-site request, which it does when the upload lacks"
                + " the header X-Atlassian-Token: no-check); expected every item on the ticket; open runbook 5.3"
                + " Attach SBOM artifacts from the latest pipeline run to the incident ticket");
    }

    @Test
    @DisplayName("a ticket that does not exist fails the step before anything is uploaded")
    void unknownTicketFails() throws IOException {
        Path item = Files.writeString(directory.resolve("loki-export.json"), "{}");

        TicketReceipt receipt = new IncidentTicket(jira, "INC-404").attach(List.of(item), partial -> "h3. review");

        assertThat(receipt.uploads()).isEmpty();
        assertThat(TicketJudge.judge(receipt).message()).startsWith("ticket INC-404 cannot be read: answered HTTP 404"
                + " '{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"]");
    }
}
