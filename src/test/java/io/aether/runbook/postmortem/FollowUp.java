package io.aether.runbook.postmortem;

import io.aether.runbook.escalation.Delivery;

/**
 * One remediation as a follow-up task on the tracker.
 *
 * @param key the task's key; {@code null} when it could not be created
 * @param existed whether an earlier review of the same incident had already filed it
 * @param create the creation call; {@code null} when it existed
 * @param link linking it to the incident; {@code null} when it existed or was not created
 */
public record FollowUp(Remediation remediation, String key, boolean existed, Delivery create, Delivery link) {

    public boolean done() {
        return key != null && (existed || (create != null && create.delivered() && link != null
                && link.delivered()));
    }
}
