package io.aether.runbook.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ci/rbac.yaml} read through the fabric8 Kubernetes model: one ServiceAccount, read-only roles bound to it
 * alone, no Secrets, no wildcard, and no write verb apart from opening exec and port-forward streams. Which calls
 * a real run makes, and that the file allows exactly those, is {@link ReadOnlyRunTest}'s part.
 */
@DisplayName("ci/rbac.yaml")
class SuiteRbacTest {

    private static final Path RBAC = Path.of("ci", "rbac.yaml");

    private final SuiteRbac rbac = SuiteRbac.read(RBAC);

    @Test
    @DisplayName("holds the suite's ServiceAccount and the RBAC objects that bind it, nothing else")
    void holdsOnlyTheServiceAccountAndItsRbac() {
        List<String> kinds = rbac.manifests().stream().map(manifest -> manifest.getKind() + " "
                + (manifest.getMetadata().getNamespace() == null ? "" : manifest.getMetadata().getNamespace() + "/")
                + manifest.getMetadata().getName()).toList();

        assertThat(kinds).containsExactly(
                "ServiceAccount aether-prod/aether-runbook",
                "ClusterRole aether-runbook-cluster-reader",
                "ClusterRoleBinding aether-runbook-cluster-reader",
                "Role aether-prod/aether-runbook-reader",
                "RoleBinding aether-prod/aether-runbook-reader",
                "Role kyverno/aether-runbook-policy-engine-reader",
                "RoleBinding kyverno/aether-runbook-policy-engine-reader",
                "Role gatekeeper-system/aether-runbook-policy-engine-reader",
                "RoleBinding gatekeeper-system/aether-runbook-policy-engine-reader");
    }

    @Test
    @DisplayName("binds every role to the suite's ServiceAccount and to no one else")
    void bindsOnlyTheServiceAccount() {
        List<List<Subject>> subjects = rbac.manifests().stream()
                .flatMap(manifest -> manifest instanceof RoleBinding binding ? Stream.of(binding.getSubjects())
                        : manifest instanceof ClusterRoleBinding binding ? Stream.of(binding.getSubjects())
                        : Stream.empty())
                .toList();

        assertThat(subjects).hasSize(4).allSatisfy(bound -> assertThat(bound).singleElement()
                .satisfies(subject -> {
                    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                    assertThat(subject.getName()).isEqualTo("aether-runbook");
                    assertThat(subject.getNamespace()).isEqualTo("aether-prod");
                }));
    }

    @Test
    @DisplayName("grants nothing on Secrets and no wildcard, in any role")
    void noSecretsNoWildcard() {
        List<String> offending = new ArrayList<>();
        for (PolicyRule rule : rules()) {
            Stream.of(rule.getVerbs(), rule.getApiGroups(), rule.getResources(), rule.getNonResourceURLs(),
                    rule.getResourceNames()).flatMap(List::stream)
                    .filter(value -> value.contains("*") || value.equals("secrets") || value.startsWith("secrets/"))
                    .forEach(offending::add);
        }

        assertThat(rules()).hasSize(11);
        assertThat(offending).isEmpty();
        assertThat(rbac.manifests()).filteredOn(ClusterRole.class::isInstance)
                .allSatisfy(role -> assertThat(((ClusterRole) role).getAggregationRule()).isNull());
    }

    @Test
    @DisplayName("grants no write verb apart from create on pods/exec and pods/portforward in aether-prod")
    void writesOnlyOpenStreams() {
        List<String> writes = new ArrayList<>();
        for (SuiteRbac.Grant grant : rbac.grants()) {
            for (String verb : grant.rule().getVerbs()) {
                if (KubernetesRequest.WRITE_VERBS.contains(verb)) {
                    grant.rule().getResources().forEach(resource -> writes.add(verb + " " + resource + " in "
                            + grant.namespace()));
                }
            }
        }

        assertThat(writes).containsExactly("create pods/exec in aether-prod", "create pods/portforward in aether-prod");
    }

    @Test
    @DisplayName("binds its roles in prod's workload namespace and the policy engines' namespaces")
    void namespacesAreProds() {
        Environment prod = new EnvironmentLoader(Path.of("environments"), variable -> "set").load("prod", Map.of())
                .environment();
        Set<String> bound = new TreeSet<>();
        rbac.grants().forEach(grant -> bound.add(grant.namespace()));

        assertThat(bound).containsExactlyInAnyOrder("", prod.kubernetes().namespace(),
                prod.policyEngines().kyverno().namespace(), prod.policyEngines().gatekeeper().namespace());
        assertThat(rbac.serviceAccount().getMetadata().getNamespace()).isEqualTo(prod.kubernetes().namespace());
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
        "GET, /apis/apps/v1/namespaces/aether-prod/deployments/risk-api-prod, true",
        "GET, /api/v1/namespaces/aether-prod/pods/p-1/exec?command=nc, true",
        "POST, /api/v1/namespaces/aether-prod/pods/p-1/portforward?ports=5432, true",
        "GET, /api/v1/nodes, true",
        "GET, /api/v1/namespaces/aether-prod/secrets/timescale, false",
        "GET, /api/v1/namespaces/aether-prod/secrets, false",
        "DELETE, /api/v1/namespaces/aether-prod/pods/p-1, false",
        "PATCH, /apis/apps/v1/namespaces/aether-prod/deployments/risk-api-prod, false",
        "POST, /apis/apps/v1/namespaces/aether-prod/deployments, false",
        "GET, /apis/apps/v1/namespaces/default/deployments/risk-api-prod, false",
        "GET, /api/v1/namespaces/kyverno/pods/kyverno-0/exec?command=sh, false",
        "GET, /api/v1/nodes/aether-prod-worker-1, false",
        "GET, /api/v1/namespaces/aether-prod/pods?watch=true, false",
        "GET, /version, false"})
    @DisplayName("answers whether the ServiceAccount may make a request as the RBAC authorizer would")
    void authorizes(String method, String path, boolean allowed) {
        assertThat(rbac.allows(KubernetesRequest.of(method, path))).isEqualTo(allowed);
    }

    private List<PolicyRule> rules() {
        List<PolicyRule> rules = new ArrayList<>();
        for (HasMetadata manifest : rbac.manifests()) {
            if (manifest instanceof Role role) {
                rules.addAll(role.getRules());
            } else if (manifest instanceof ClusterRole role) {
                rules.addAll(role.getRules());
            }
        }
        return rules;
    }
}
