package io.aether.runbook.verdict.data;

/** The runbook steps the data checks send an operator to, by section number and title. */
final class RunbookSteps {

    static final String BROKER_CONNECTIVITY = "runbook 2.3 Validate Kafka/NATS connectivity from the ingestor pod";
    static final String LATEST_TICK = "runbook 3.1 Query TimescaleDB for the latest market tick";
    static final String ESCALATION = "runbook 4 Incident response and escalation";

    private RunbookSteps() {
    }
}
