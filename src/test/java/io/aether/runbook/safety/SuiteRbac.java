package io.aether.runbook.safety;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The permissions {@code ci/rbac.yaml} gives the suite's ServiceAccount, read through the fabric8 Kubernetes model,
 * and an answer to "may the suite make this API request", evaluated as the API server's RBAC authorizer does: a
 * Role counts in its RoleBinding's namespace, a ClusterRole everywhere through a ClusterRoleBinding.
 */
public final class SuiteRbac {

    /** A rule as bound to the ServiceAccount: where it applies (empty namespace: everywhere) and what it allows. */
    public record Grant(String namespace, String role, PolicyRule rule) {
    }

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final List<HasMetadata> manifests;
    private final ServiceAccount serviceAccount;
    private final List<Grant> grants;

    private SuiteRbac(List<HasMetadata> manifests, ServiceAccount serviceAccount, List<Grant> grants) {
        this.manifests = manifests;
        this.serviceAccount = serviceAccount;
        this.grants = grants;
    }

    /** Reads every document of the file; it must hold exactly one ServiceAccount, the subject of its bindings. */
    public static SuiteRbac read(Path file) {
        List<HasMetadata> manifests = manifests(file);
        List<ServiceAccount> accounts = manifests.stream().filter(ServiceAccount.class::isInstance)
                .map(ServiceAccount.class::cast).toList();
        if (accounts.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + accounts.size() + " ServiceAccounts; it must hold"
                    + " exactly one, the suite's");
        }
        ServiceAccount account = accounts.get(0);
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata manifest : manifests) {
            if (manifest instanceof RoleBinding binding && names(binding.getSubjects(), account)) {
                String namespace = binding.getMetadata().getNamespace();
                rules(manifests, binding.getRoleRef(), namespace).forEach(rule ->
                        grants.add(new Grant(namespace, binding.getRoleRef().getName(), rule)));
            } else if (manifest instanceof ClusterRoleBinding binding && names(binding.getSubjects(), account)) {
                rules(manifests, binding.getRoleRef(), null).forEach(rule ->
                        grants.add(new Grant("", binding.getRoleRef().getName(), rule)));
            }
        }
        return new SuiteRbac(List.copyOf(manifests), account, List.copyOf(grants));
    }

    /** Every document of a manifest file as its fabric8 model type. */
    public static List<HasMetadata> manifests(Path file) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> manifests = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(text(file))) {
            boolean onlyComments = document.lines().map(String::strip)
                    .allMatch(line -> line.isEmpty() || line.startsWith("#"));
            if (!onlyComments) {
                manifests.add(serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return manifests;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + file, unreadable);
        }
    }

    private static boolean names(List<Subject> subjects, ServiceAccount account) {
        return subjects != null && subjects.stream().anyMatch(subject -> "ServiceAccount".equals(subject.getKind())
                && account.getMetadata().getName().equals(subject.getName())
                && account.getMetadata().getNamespace().equals(subject.getNamespace()));
    }

    /** The rules a binding's roleRef points at: a Role of the binding's namespace, or a ClusterRole. */
    private static List<PolicyRule> rules(List<HasMetadata> manifests, RoleRef ref, String bindingNamespace) {
        Optional<List<PolicyRule>> rules = manifests.stream().filter(manifest -> manifest.getKind()
                .equals(ref.getKind()) && manifest.getMetadata().getName().equals(ref.getName())
                && ("ClusterRole".equals(ref.getKind())
                        || manifest.getMetadata().getNamespace().equals(bindingNamespace)))
                .findFirst().map(role -> role instanceof Role namespaced ? namespaced.getRules()
                        : ((ClusterRole) role).getRules());
        return rules.orElseThrow(() -> new IllegalArgumentException("a binding refers to " + ref.getKind() + " "
                + ref.getName() + (bindingNamespace == null ? "" : " in " + bindingNamespace)
                + ", which the file does not define"));
    }

    public List<HasMetadata> manifests() {
        return manifests;
    }

    public ServiceAccount serviceAccount() {
        return serviceAccount;
    }

    /** Every rule bound to the ServiceAccount, with where it applies. */
    public List<Grant> grants() {
        return grants;
    }

    /** Whether every verb the request needs is granted by some rule that applies where the request is made. */
    public boolean allows(KubernetesRequest request) {
        return request.verbs().stream().allMatch(verb -> grantOf(request, verb).isPresent());
    }

    /** The first grant that allows {@code verb} for the request, if any. */
    public Optional<Grant> grantOf(KubernetesRequest request, String verb) {
        return grants.stream().filter(grant -> applies(grant, request) && matches(grant.rule(), request, verb))
                .findFirst();
    }

    private static boolean applies(Grant grant, KubernetesRequest request) {
        return grant.namespace().isEmpty() || grant.namespace().equals(request.namespace());
    }

    private static boolean matches(PolicyRule rule, KubernetesRequest request, String verb) {
        if (!has(rule.getVerbs(), verb)) {
            return false;
        }
        if (!request.isResourceRequest()) {
            return rule.getNonResourceURLs().stream().anyMatch(url -> url.equals(request.nonResourcePath())
                    || url.endsWith("*") && request.nonResourcePath().startsWith(url.substring(0, url.length() - 1)));
        }
        boolean names = rule.getResourceNames().isEmpty() || rule.getResourceNames().contains(request.name());
        return has(rule.getApiGroups(), request.apiGroup()) && names
                && (has(rule.getResources(), request.resourcePath())
                        || rule.getResources().contains("*/" + request.subresource()));
    }

    private static boolean has(List<String> granted, String wanted) {
        return granted.contains("*") || granted.contains(wanted);
    }

    /**
     * Each verb on each resource the grants allow that none of {@code requests} needed, spelled
     * {@code VERB GROUP/RESOURCE in NAMESPACE} ({@code (cluster)} for a cluster-wide grant): the room for least
     * privilege. A wildcard is never used, as no request names {@code *}.
     */
    public List<String> unused(List<KubernetesRequest> requests) {
        List<String> unused = new ArrayList<>();
        for (Grant grant : grants) {
            PolicyRule rule = grant.rule();
            for (String verb : rule.getVerbs()) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        boolean needed = requests.stream().anyMatch(request -> applies(grant, request)
                                && request.verbs().contains(verb) && request.apiGroup().equals(group)
                                && request.resourcePath().equals(resource));
                        if (!needed) {
                            unused.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                                    + (grant.namespace().isEmpty() ? " (cluster)" : " in " + grant.namespace()));
                        }
                    }
                }
            }
        }
        return unused;
    }
}
