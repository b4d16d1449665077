package io.aether.runbook.probe.prometheus;

/**
 * Prometheus gave no usable answer (unreachable, a timeout, an error status, a body that is not its API's
 * JSON): a suite error, not a platform fault, since nothing about the thresholds was learnt.
 */
public final class PrometheusUnanswered extends RuntimeException {

    public PrometheusUnanswered(String message) {
        super(message);
    }
}
