package io.aether.runbook.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aether.runbook.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RemediationList")
class RemediationListTest {

    private static final String SHOWN = "reports/evidence/INC-1/remediations.yaml";

    @TempDir
    Path directory;

    private Path file(String text) throws IOException {
        return Files.writeString(directory.resolve("remediations.yaml"), text);
    }

    @Test
    @DisplayName("reads each remediation with its title, owner, due date and line")
    void readsRemediations() throws IOException {
        Path file = file("# agreed in the review\nremediations:\n  - title: Raise the HPA ceiling\n    owner: jdoe\n"
                + "    due: 2026-12-18\n  - title: Alert on VaR deadline overruns\n    owner: asmith\n"
                + "    due: 2027-01-08\n");

        assertThat(RemediationList.read(file, SHOWN)).containsExactly(
                new Remediation("Raise the HPA ceiling", "jdoe", LocalDate.parse("2026-12-18"), 3),
                new Remediation("Alert on VaR deadline overruns", "asmith", LocalDate.parse("2027-01-08"), 6));
    }

    @Test
    @DisplayName("a remediation without an owner is refused with the file, its line and the reason")
    void missingOwnerIsRefusedWithLine() throws IOException {
        Path file = file("remediations:\n  - title: Raise the HPA ceiling\n    owner: jdoe\n    due: 2026-12-18\n"
                + "  - title: Alert on VaR deadline overruns\n    due: 2027-01-08\n");

        assertThatThrownBy(() -> RemediationList.read(file, SHOWN)).isInstanceOf(ConfigException.class)
                .hasMessage("reports/evidence/INC-1/remediations.yaml: line 5: remediation 2 has no owner. Fix:"
                        + " give each remediation a title, an owner and a due date (YYYY-MM-DD)");
    }

    @Test
    @DisplayName("a due date that is not a date, an unknown key and broken YAML are refused at their lines")
    void malformedValuesAreRefusedWithLine() throws IOException {
        Path badDate = file("remediations:\n  - title: Raise the HPA ceiling\n    owner: jdoe\n    due: next week\n");
        assertThatThrownBy(() -> RemediationList.read(badDate, SHOWN)).hasMessage("reports/evidence/INC-1/"
                + "remediations.yaml: line 4: remediation 1's due 'next week' is not a date. Fix: write the due"
                + " date as YYYY-MM-DD, e.g. 2026-12-18");

        Path unknown = file("remediations:\n  - title: Raise the HPA ceiling\n    assignee: jdoe\n");
        assertThatThrownBy(() -> RemediationList.read(unknown, SHOWN)).hasMessage("reports/evidence/INC-1/"
                + "remediations.yaml: line 3: remediation 1 has an unknown key 'assignee'. Fix: keep only title,"
                + " owner and due");

        Path broken = file("remediations:\n  - title: Raise the HPA ceiling\n   owner: jdoe\n");
        assertThatThrownBy(() -> RemediationList.read(broken, SHOWN)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("reports/evidence/INC-1/remediations.yaml: line 3: not valid YAML: ");
    }
}
