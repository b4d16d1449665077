package io.aether.runbook.verdict.slo;

import io.aether.runbook.config.Environment;
import io.aether.runbook.probe.prometheus.LatencyQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerting rule the environment file implies for one section 4 threshold: its name, its severity label,
 * its {@code for}, the threshold its expression compares with, and the parts its expression must contain.
 *
 * @param threshold the number the expression's trailing {@code >} compares with, in the metric's unit (seconds)
 * @param fragments text the expression as Prometheus prints it must contain: quantile, metric, label matchers
 * @param meaning what the rule watches, for messages ("risk API P99 above 500ms")
 */
public record ExpectedAlert(
        String name,
        String severityLabel,
        String severity,
        Duration pendingFor,
        double threshold,
        List<String> fragments,
        String meaning) {

    public ExpectedAlert {
        fragments = List.copyOf(fragments);
    }

    /** The SEV-2 rule: the histogram's P99 above the threshold for the threshold's window. */
    public static ExpectedAlert riskApiP99(Environment env) {
        Environment.AlertRules rules = env.prometheus().rules();
        LatencyQuery query = LatencyQuery.of(env);
        List<String> fragments = new ArrayList<>();
        fragments.add("histogram_quantile(" + LatencyQuery.number(query.quantile()) + ", ");
        fragments.add(query.metric() + "_bucket");
        fragments.addAll(query.labelMatchers());
        Duration pendingFor = rules.riskApiP99().pendingFor() == null ? env.thresholds().riskApiP99Window()
                : rules.riskApiP99().pendingFor();
        return new ExpectedAlert(rules.riskApiP99().name(), rules.severityLabel(), rules.riskApiP99().severity(),
                pendingFor, seconds(env.thresholds().riskApiP99()), fragments,
                "risk API P99 above " + SloSteps.duration(env.thresholds().riskApiP99()));
    }

    /** The SEV-3 rule: a market-data gap, in seconds, above the threshold. */
    public static ExpectedAlert marketDataGap(Environment env) {
        Environment.AlertRules rules = env.prometheus().rules();
        Duration pendingFor = rules.marketDataGap().pendingFor() == null ? Duration.ZERO
                : rules.marketDataGap().pendingFor();
        return new ExpectedAlert(rules.marketDataGap().name(), rules.severityLabel(),
                rules.marketDataGap().severity(), pendingFor, seconds(env.thresholds().marketDataGap()), List.of(),
                "market-data gap above " + SloSteps.duration(env.thresholds().marketDataGap()));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
