package io.aether.runbook.safety;

import io.aether.runbook.platform.PlatformRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the API server's authorizer sees of one Kubernetes API request: the verbs it checks, and the API group,
 * resource, subresource, namespace and name, or the path of a request outside the resource API. Derived from the
 * HTTP method and path the same way the API server derives its request attributes.
 *
 * @param verbs the RBAC verbs the request needs; two for a streaming subresource opened over a WebSocket
 * @param apiGroup the API group, empty for the core group
 * @param resource the resource, e.g. {@code pods}; empty for a non-resource request
 * @param subresource e.g. {@code exec}; empty when none
 * @param namespace empty for a cluster-scoped request
 * @param name the object's name; empty for a collection
 * @param nonResourcePath the path of a request outside the resource API, e.g. {@code /version}; empty otherwise
 */
public record KubernetesRequest(Set<String> verbs, String apiGroup, String resource, String subresource,
        String namespace, String name, String nonResourcePath) {

    /**
     * Subresources a client reaches over a WebSocket with GET. The API server authorizes that GET as {@code get};
     * since Kubernetes 1.31 it also demands {@code create}, the verb of the same request over SPDY (a POST).
     */
    static final Set<String> STREAMING = Set.of("exec", "attach", "portforward");
    /** Verbs that change a resource or act as someone else. */
    public static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete", "deletecollection",
            "escalate", "bind", "impersonate", "approve", "sign");

    public static KubernetesRequest of(PlatformRequest request) {
        return of(request.method(), request.path());
    }

    public static KubernetesRequest of(String method, String pathAndQuery) {
        int split = pathAndQuery.indexOf('?');
        String path = split < 0 ? pathAndQuery : pathAndQuery.substring(0, split);
        String query = split < 0 ? "" : pathAndQuery.substring(split + 1);
        List<String> parts = Arrays.stream(path.split("/")).filter(part -> !part.isEmpty()).toList();
        boolean core = !parts.isEmpty() && parts.get(0).equals("api") && parts.size() > 2;
        boolean grouped = !parts.isEmpty() && parts.get(0).equals("apis") && parts.size() > 3;
        if (!core && !grouped) {
            return new KubernetesRequest(Set.of(nonResourceVerb(method)), "", "", "", "", "", path);
        }
        String group = core ? "" : parts.get(1);
        List<String> rest = parts.subList(core ? 2 : 3, parts.size());
        boolean watchPath = rest.get(0).equals("watch");
        if (watchPath) {
            rest = rest.subList(1, rest.size());
        }
        String namespace = "";
        if (rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String subresource = rest.size() > 2 ? rest.get(2) : "";
        return new KubernetesRequest(verbs(method, query, name, subresource, watchPath), group, resource,
                subresource, namespace, name, "");
    }

    private static Set<String> verbs(String method, String query, String name, String subresource,
            boolean watchPath) {
        switch (method) {
            case "GET", "HEAD" -> {
                if (STREAMING.contains(subresource)) {
                    return Set.of("get", "create");
                }
                if (watchPath || watchParameter(query)) {
                    return Set.of("watch");
                }
                return Set.of(name.isEmpty() ? "list" : "get");
            }
            case "POST" -> {
                return Set.of("create");
            }
            case "PUT" -> {
                return Set.of("update");
            }
            case "PATCH" -> {
                return Set.of("patch");
            }
            case "DELETE" -> {
                return Set.of(name.isEmpty() ? "deletecollection" : "delete");
            }
            default -> {
                return Set.of(method.toLowerCase(Locale.ROOT));
            }
        }
    }

    private static String nonResourceVerb(String method) {
        return switch (method) {
            case "GET", "HEAD" -> "get";
            case "POST" -> "post";
            case "PUT" -> "put";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    private static boolean watchParameter(String query) {
        return Arrays.stream(query.split("&")).map(pair -> pair.split("=", 2))
                .anyMatch(pair -> pair[0].equals("watch") && pair.length > 1
                        && Set.of("true", "1").contains(URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    public boolean isResourceRequest() {
        return nonResourcePath.isEmpty();
    }

    /** {@code pods/exec} for a subresource, {@code pods} otherwise, as RBAC rules name resources. */
    public String resourcePath() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    /** Whether any verb this request needs changes something. */
    public boolean writes() {
        return verbs.stream().anyMatch(WRITE_VERBS::contains);
    }

    @Override
    public String toString() {
        if (!isResourceRequest()) {
            return String.join(",", verbs) + " " + nonResourcePath;
        }
        return String.join(",", new TreeSet<>(verbs)) + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/")
                + resourcePath() + (name.isEmpty() ? "" : " " + name)
                + (namespace.isEmpty() ? " (cluster)" : " in " + namespace);
    }
}
