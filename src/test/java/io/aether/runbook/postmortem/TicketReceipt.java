package io.aether.runbook.postmortem;

import io.aether.runbook.escalation.Delivery;
import java.util.List;

/**
 * What attaching the evidence to the incident ticket came to: the ticket as found, each upload, the attachments
 * Jira lists afterwards, and the summary comment.
 *
 * @param lookup reading the ticket before anything was sent; not delivered when the ticket cannot be read
 * @param uploads one per evidence item, in the order sent
 * @param attached the file names Jira lists on the ticket after the uploads
 * @param comment the summary comment; {@code null} when the ticket could not be read
 * @param commentText what the comment said; {@code null} when none was sent
 */
public record TicketReceipt(String key, Delivery lookup, List<Upload> uploads, List<String> attached,
        Delivery comment, String commentText) {

    public TicketReceipt {
        uploads = List.copyOf(uploads);
        attached = List.copyOf(attached);
    }

    /**
     * One evidence item and its upload.
     *
     * @param delivery the upload; {@code null} when Jira already held the same file (same name and size)
     */
    public record Upload(String file, long size, Delivery delivery) {

        public boolean alreadyAttached() {
            return delivery == null;
        }
    }

    /** Evidence items Jira does not list on the ticket after the uploads. */
    public List<String> missing() {
        return uploads.stream().map(Upload::file).filter(file -> !attached.contains(file)).toList();
    }
}
