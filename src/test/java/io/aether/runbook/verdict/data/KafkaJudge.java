package io.aether.runbook.verdict.data;

import io.aether.runbook.config.Durations;
import io.aether.runbook.probe.data.KafkaCluster;
import io.aether.runbook.verdict.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/** Judges what the runner saw of the Kafka cluster (runbook 2.3): that it answers, and that its topics exist. */
public final class KafkaJudge {

    private KafkaJudge() {
    }

    /** Passes when the cluster answered with a cluster id and at least one broker. */
    public static Verdict reachable(KafkaCluster cluster) {
        if (!cluster.reachable()) {
            return Verdict.fail(unreachable(cluster) + "; expected a cluster id and at least one broker; open "
                    + RunbookSteps.BROKER_CONNECTIVITY);
        }
        if (cluster.clusterId() == null || cluster.clusterId().isBlank()) {
            return Verdict.fail("Kafka at " + cluster.bootstrap() + " answered without a cluster id; expected a"
                    + " cluster id and at least one broker; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        if (cluster.brokers().isEmpty()) {
            return Verdict.fail("Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap()
                    + " reports no broker; expected at least one; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        return Verdict.pass("Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap() + " answers with "
                + count(cluster.brokers().size(), "broker") + " (" + join(cluster.brokers()) + "), controller "
                + (cluster.controller() == null ? "not reported" : cluster.controller().id()));
    }

    /** Passes when every topic the environment expects exists on the cluster. */
    public static Verdict topicsPresent(KafkaCluster cluster, List<String> expected) {
        if (!cluster.reachable()) {
            return Verdict.fail(unreachable(cluster) + ", so its topics are unknown; expected topics "
                    + String.join(", ", expected) + "; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        List<String> missing = expected.stream().filter(topic -> !cluster.topics().contains(topic))
                .collect(Collectors.toList());
        String name = "Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap();
        if (!missing.isEmpty()) {
            String present = cluster.topics().isEmpty() ? "no topic" : String.join(", ", cluster.topics());
            return Verdict.fail(name + " lacks expected " + (missing.size() == 1 ? "topic " : "topics ")
                    + String.join(", ", missing) + "; it has " + present + "; open "
                    + RunbookSteps.BROKER_CONNECTIVITY);
        }
        return Verdict.pass(name + " has " + (expected.size() == 1 ? "the expected topic " : "all "
                + expected.size() + " expected topics: ") + String.join(", ", expected));
    }

    private static String unreachable(KafkaCluster cluster) {
        return "Kafka at " + cluster.bootstrap() + " did not answer within " + Durations.format(cluster.timeout())
                + ": " + cluster.error();
    }

    private static String count(int number, String noun) {
        return number + " " + noun + (number == 1 ? "" : "s");
    }

    private static String join(List<KafkaCluster.Broker> brokers) {
        return brokers.stream().map(KafkaCluster.Broker::toString).collect(Collectors.joining(", "));
    }
}
