package io.aether.runbook.postmortem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.escalation.Delivery;
import io.aether.runbook.escalation.JiraTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts the review's evidence on the incident ticket (runbook 5.3): reads the ticket, uploads each item Jira does not
 * already hold, reads the ticket back to see that every item is there, and posts the summary comment. Success is
 * judged on that second reading, because a ticket without its attachments is not done.
 */
public final class IncidentTicket {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JiraTracker jira;
    private final String key;

    public IncidentTicket(JiraTracker jira, String key) {
        this.jira = jira;
        this.key = key;
    }

    /** @param summary builds the comment from the uploads and the attachments Jira lists afterwards */
    public TicketReceipt attach(List<Path> items, Function<TicketReceipt, String> summary) {
        Delivery lookup = jira.issue(key);
        if (!lookup.delivered()) {
            return new TicketReceipt(key, lookup, List.of(), List.of(), null, null);
        }
        Map<String, Long> held = attachments(lookup.body());
        List<TicketReceipt.Upload> uploads = new ArrayList<>();
        for (Path item : items) {
            String name = item.getFileName().toString();
            long size = size(item);
            boolean same = held.containsKey(name) && held.get(name) == size;
            uploads.add(new TicketReceipt.Upload(name, size, same ? null
                    : jira.attach(key, item, IncidentEvidence.mimeType(item))));
        }
        Delivery readBack = jira.issue(key);
        List<String> attached = readBack.delivered() ? new ArrayList<>(attachments(readBack.body()).keySet())
                : List.of();
        TicketReceipt partial = new TicketReceipt(key, lookup, uploads, attached, null, null);
        String text = summary.apply(partial);
        Delivery comment = jira.comment(key, text);
        return new TicketReceipt(key, lookup, uploads, attached, comment, text);
    }

    /** File names to sizes of the attachments an issue answer lists. */
    private static Map<String, Long> attachments(String issueBody) {
        Map<String, Long> names = new HashMap<>();
        try {
            for (JsonNode attachment : JSON.readTree(issueBody).path("fields").path("attachment")) {
                names.put(attachment.path("filename").asText(), attachment.path("size").asLong(-1));
            }
        } catch (IOException notJson) {
            return Map.of();
        }
        return names;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + file, unreadable);
        }
    }
}
