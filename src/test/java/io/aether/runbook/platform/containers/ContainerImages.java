package io.aether.runbook.platform.containers;

import org.testcontainers.utility.DockerImageName;

/**
 * The images of the container provider, each pinned to one tag so that two runs compare the same servers; the
 * README lists them. A tag moves only with a change here.
 */
public final class ContainerImages {

    /** The Kubernetes API server and one real node. */
    public static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.31.4-k3s1");
    /** PostgreSQL with the TimescaleDB extension preloaded; the embedded provider runs plain PostgreSQL. */
    public static final DockerImageName TIMESCALEDB = DockerImageName.parse("timescale/timescaledb:2.17.2-pg16")
            .asCompatibleSubstituteFor("postgres");
    /** Apache Kafka in KRaft mode, the release of the in-process broker and of the probe's client. */
    public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");
    /** The NATS server. */
    public static final DockerImageName NATS = DockerImageName.parse("nats:2.10.22");
    /**
     * What every seeded workload runs inside k3s instead of its production image: small, and with the shell,
     * {@code httpd} and {@code nc} the readiness probes and the runbook's {@code nc -z} need.
     */
    public static final String WORKLOAD = "busybox:1.36.1";

    private ContainerImages() {
    }
}
