package io.aether.runbook.verdict.kubernetes;

/** The runbook steps the Kubernetes checks send an operator to, by section number and title. */
final class RunbookSteps {

    static final String CLUSTER_ACCESS = "runbook 1.1 Confirm cluster access";
    static final String POLICY_ENGINES = "runbook 1.3 Ensure policy engines are running";
    static final String FASTAPI_SERVICES = "runbook 2.1 Check FastAPI services";
    static final String BROKER_CONNECTIVITY = "runbook 2.3 Validate Kafka/NATS connectivity from the ingestor pod";

    private RunbookSteps() {
    }
}
