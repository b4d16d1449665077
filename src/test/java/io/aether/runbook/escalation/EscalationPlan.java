package io.aether.runbook.escalation;

import io.aether.runbook.config.Environment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one escalation decision of a run, taken from the checks' outcomes and the environment's policy: which
 * breaches page, which only notify and file, which severities the policy leaves out, and which passing checks
 * resolve an earlier alert. Pure: no I/O.
 *
 * @param breaches breached checks whose severity the policy pages or notifies for, most severe first
 * @param ignored breached checks whose severity the policy names neither under page nor under notifyOnly
 * @param resolves passing checks whose severity pages: their earlier alert, if any, is resolved
 */
public record EscalationPlan(String environment, List<Breach> breaches, List<CheckOutcome> ignored,
        List<Breach> resolves) {

    /** The project part of every dedup key: the suite itself is the source of these alerts. */
    public static final String PROJECT = "aether-runbook";
    private static final int MAX_DEDUP_KEY = 255;

    public EscalationPlan {
        breaches = List.copyOf(breaches);
        ignored = List.copyOf(ignored);
        resolves = List.copyOf(resolves);
    }

    /** Decides; outcomes of the same check (repeated or parameterised runs) merge, a breach outweighing a pass. */
    public static EscalationPlan decide(String environment, List<CheckOutcome> outcomes,
            Environment.Escalation.Policy policy) {
        List<String> page = policy.page() == null ? List.of() : policy.page();
        List<String> notify = policy.notifyOnly() == null ? List.of() : policy.notifyOnly();
        List<Breach> breaches = new ArrayList<>();
        List<CheckOutcome> ignored = new ArrayList<>();
        List<Breach> resolves = new ArrayList<>();
        for (CheckOutcome check : merged(outcomes)) {
            Optional<String> severity = check.severity();
            if (severity.isEmpty()) {
                continue;
            }
            String sev = severity.get();
            boolean pages = page.contains(sev);
            String key = dedupKey(environment, check);
            if (check.result() == CheckOutcome.Result.BREACHED) {
                if (pages || notify.contains(sev)) {
                    breaches.add(new Breach(check, sev, pages, key));
                } else {
                    ignored.add(check);
                }
            } else if (check.result() == CheckOutcome.Result.PASSED && pages) {
                resolves.add(new Breach(check, sev, true, key));
            }
        }
        breaches.sort((a, b) -> Integer.compare(rank(a.severity()), rank(b.severity())));
        return new EscalationPlan(environment, breaches, ignored, resolves);
    }

    /** Whether any check carried a severity tag at all; a run without one is not escalated in any way. */
    public static boolean judgesSeverities(List<CheckOutcome> outcomes) {
        return outcomes.stream().anyMatch(outcome -> outcome.severity().isPresent());
    }

    public boolean breached() {
        return !breaches.isEmpty();
    }

    public List<Breach> pages() {
        return breaches.stream().filter(Breach::pages).toList();
    }

    /** {@code aether-runbook/<environment>/<Class.method>}; hashed only past PagerDuty's 255-character limit. */
    public static String dedupKey(String environment, CheckOutcome check) {
        String key = PROJECT + "/" + environment + "/" + check.checkId();
        if (key.length() <= MAX_DEDUP_KEY) {
            return key;
        }
        return key.substring(0, MAX_DEDUP_KEY - 17) + "#" + sha256(key).substring(0, 16);
    }

    private static List<CheckOutcome> merged(List<CheckOutcome> outcomes) {
        Map<String, CheckOutcome> byCheck = new LinkedHashMap<>();
        for (CheckOutcome outcome : outcomes) {
            byCheck.merge(outcome.checkId(), outcome, (earlier, later) ->
                    weight(later.result()) > weight(earlier.result()) ? later : earlier);
        }
        return new ArrayList<>(byCheck.values());
    }

    private static int weight(CheckOutcome.Result result) {
        return switch (result) {
            case BREACHED -> 2;
            case NOT_JUDGED -> 1;
            default -> 0;
        };
    }

    private static int rank(String severity) {
        return Integer.parseInt(severity.substring(3));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is part of every JDK", missing);
        }
    }
}
