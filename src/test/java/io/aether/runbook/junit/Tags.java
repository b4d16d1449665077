package io.aether.runbook.junit;

import java.util.List;

/**
 * The one tag vocabulary of the suite, selected with {@code -Dgroups=}. Section tags name a runbook section; the
 * others cut across sections.
 */
public final class Tags {

    /** Runbook section 1, Environment validation: cluster access, Argo CD, policy engines. */
    public static final String ENVIRONMENT = "environment";
    /** Runbook section 2, Deployment health checks: rollouts, ingress, broker connectivity. */
    public static final String DEPLOYMENT = "deployment";
    /** Runbook section 3, Data freshness verification: market ticks and online features. */
    public static final String FRESHNESS = "freshness";
    /** Runbook section 4 thresholds: risk API latency and market-data gap. */
    public static final String SLO = "slo";
    /** Runbook section 5, the post-incident review checklist. */
    public static final String POSTMORTEM = "postmortem";
    /** A check whose failure blocks a release. */
    public static final String GATE = "gate";
    /** A failure maps to PagerDuty SEV-2. */
    public static final String SEV2 = "sev2";
    /** A failure maps to PagerDuty SEV-3. */
    public static final String SEV3 = "sev3";

    /** Every tag above, in the order declared. */
    public static final List<String> ALL = List.of(ENVIRONMENT, DEPLOYMENT, FRESHNESS, SLO,
            POSTMORTEM, GATE, SEV2, SEV3);

    private Tags() {
    }
}
