package io.aether.runbook.postmortem;

import java.time.LocalDate;

/**
 * One remediation the review agreed on, as {@code remediations.yaml} lists it: it becomes a follow-up task.
 *
 * @param owner the Jira user the task is assigned to
 * @param line the line of the file it starts on, for messages
 */
public record Remediation(String title, String owner, LocalDate due, int line) {
}
