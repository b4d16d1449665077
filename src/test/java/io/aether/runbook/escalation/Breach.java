package io.aether.runbook.escalation;

/**
 * A breached check the run escalates, with the severity that decided how.
 *
 * @param pages whether the policy pages the on-call for this severity, or only notifies and files
 * @param dedupKey the PagerDuty deduplication key, stable across runs, so a rerun updates the same alert
 */
public record Breach(CheckOutcome check, String severity, boolean pages, String dedupKey) {
}
