package io.aether.runbook.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A Kubernetes API request's authorization attributes")
class KubernetesRequestTest {

    static Stream<Arguments> requests() {
        String pods = "/api/v1/namespaces/aether-prod/pods";
        String deployments = "/apis/apps/v1/namespaces/aether-prod/deployments";
        return Stream.of(
                expect("GET", "/api/v1/nodes", "list", "", "nodes", "", ""),
                expect("GET", pods + "?labelSelector=app%3Dx", "list", "", "pods", "aether-prod", ""),
                expect("GET", "/apis/apps/v1/namespaces/kyverno/deployments/kyverno", "get", "apps", "deployments",
                        "kyverno", "kyverno"),
                expect("GET", pods + "/p-1/exec?command=nc&stdout=true", "create get", "", "pods/exec",
                        "aether-prod", "p-1"),
                expect("POST", pods + "/p-1/portforward?ports=5432", "create", "", "pods/portforward",
                        "aether-prod", "p-1"),
                expect("GET", pods + "?watch=true", "watch", "", "pods", "aether-prod", ""),
                expect("GET", "/api/v1/watch/namespaces/aether-prod/pods", "watch", "", "pods", "aether-prod", ""),
                expect("DELETE", pods, "deletecollection", "", "pods", "aether-prod", ""),
                expect("PATCH", deployments + "/risk-api-prod/status", "patch", "apps", "deployments/status",
                        "aether-prod", "risk-api-prod"),
                expect("PUT", "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/a", "update",
                        "argoproj.io", "applications", "argocd", "a"),
                expect("GET", "/api/v1/namespaces/aether-prod", "get", "", "namespaces", "aether-prod",
                        "aether-prod"),
                expect("GET", "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", "list",
                        "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", ""));
    }

    private static Arguments expect(String method, String path, String verbs, String group, String resource,
            String namespace, String name) {
        return Arguments.of(method, path, verbs, group, resource, namespace, name);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    @DisplayName("names the verbs, group, resource, namespace and name the API server authorizes")
    void derivesAttributes(String method, String path, String verbs, String group, String resource,
            String namespace, String name) {
        KubernetesRequest request = KubernetesRequest.of(method, path);

        assertThat(request.verbs()).isEqualTo(Set.of(verbs.split(" ")));
        assertThat(request.apiGroup()).isEqualTo(group);
        assertThat(request.resourcePath()).isEqualTo(resource);
        assertThat(request.namespace()).isEqualTo(namespace);
        assertThat(request.name()).isEqualTo(name);
        assertThat(request.isResourceRequest()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /version", "GET, /apis", "GET, /api", "GET, /openapi/v3"})
    @DisplayName("treats discovery and version paths as non-resource requests")
    void nonResource(String method, String path) {
        KubernetesRequest request = KubernetesRequest.of(method, path);

        assertThat(request.isResourceRequest()).isFalse();
        assertThat(request.nonResourcePath()).isEqualTo(path);
        assertThat(request.verbs()).containsExactly("get");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, /api/v1/namespaces/a/configmaps, true", "PUT, /api/v1/namespaces/a/configmaps/c, true",
        "PATCH, /api/v1/nodes/n, true", "DELETE, /api/v1/namespaces/a/pods/p, true",
        "GET, /api/v1/namespaces/a/pods/p/exec, true", "GET, /api/v1/namespaces/a/pods/p, false",
        "GET, /api/v1/namespaces/a/pods?watch=1, false"})
    @DisplayName("writes when any verb it needs changes something")
    void writes(String method, String path, boolean writes) {
        assertThat(KubernetesRequest.of(method, path).writes()).isEqualTo(writes);
    }
}
