package dev.remolt.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code k8s/}, parsed into fabric8's typed objects and checked (SECURITY.md T39,
 * T42): no cluster runs here, so what a cluster would enforce is asserted on the objects.
 */
class KubernetesManifestsTest {
    static final Path DIR = Path.of(System.getProperty("remolt.k8s.dir", "../k8s")).toAbsolutePath().normalize();
    static final List<String> FILES = List.of("namespace.yaml", "rbac.yaml", "network-policy.yaml", "server.yaml");
    static List<HasMetadata> objects;

    @BeforeAll
    static void load() throws Exception {
        KubernetesSerialization serialization = new KubernetesSerialization();
        objects = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
                Object parsed = serialization.unmarshal(in);
                if (parsed instanceof List<?> list) list.forEach(o -> objects.add((HasMetadata) o));
                else objects.add((HasMetadata) parsed);
            }
        }
    }

    static <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + DIR));
    }

    @Test
    @DisplayName("every object lives in the remolt namespace, which enforces Pod Security restricted, and kustomize lists every file")
    void oneNamespaceEnforcingRestricted() throws Exception {
        assertThat(one(Namespace.class, "remolt").getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(objects).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName()).isEqualTo("remolt"));
        String kustomization = Files.readString(DIR.resolve("kustomization.yaml"));
        assertThat(FILES).allSatisfy(file -> assertThat(kustomization).contains("- " + file));
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(FILES.stream(), Stream.of("kustomization.yaml")).toList());
        }
    }

    @Test
    @DisplayName("RBAC is namespace-scoped: a Role and RoleBinding for the server's account, no cluster-wide kinds, only the resources it needs")
    void rbacIsNamespaceScoped() {
        assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("ClusterRole", "ClusterRoleBinding");
        Role role = one(Role.class, "remolt-server");
        Map<String, List<String>> verbs = role.getRules().stream()
                .peek(rule -> assertThat(rule.getApiGroups()).containsExactly(""))
                .flatMap(rule -> rule.getResources().stream().map(r -> Map.entry(r, rule)))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getVerbs()));
        assertThat(verbs.keySet()).containsExactlyInAnyOrder("pods", "pods/status", "pods/exec", "pods/portforward",
                "pods/log", "secrets", "events");
        assertThat(verbs.get("pods/exec")).contains("create");
        assertThat(verbs.get("pods/portforward")).contains("create");
        assertThat(verbs.get("pods/log")).containsExactly("get");
        assertThat(verbs.get("events")).doesNotContain("create", "delete", "patch", "update");
        assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs).doesNotContain("*", "escalate", "bind", "impersonate");
        assertThat(role.getRules()).flatExtracting(PolicyRule::getResources).doesNotContain("*");

        RoleBinding binding = one(RoleBinding.class, "remolt-server");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("remolt-server");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(one(ServiceAccount.class, "remolt-server").getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo("remolt");
        });
    }

    @Test
    @DisplayName("sandboxes accept connections only from the server, so sandbox-to-sandbox is denied, and a default deny covers the rest")
    void sandboxToSandboxIsDenied() {
        NetworkPolicy deny = one(NetworkPolicy.class, "default-deny-ingress");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();

        NetworkPolicy sandboxes = one(NetworkPolicy.class, "remolt-sandboxes");
        assertThat(sandboxes.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("remolt.managed", "true"));
        assertThat(sandboxes.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        List<NetworkPolicyPeer> from = sandboxes.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()).toList();
        assertThat(sandboxes.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
        assertThat(from).allSatisfy(peer -> {
            assertThat(peer.getIpBlock()).isNull();
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "remolt-server"));
        });
        // The sandbox pods the runtime makes carry the label the policy selects.
        var pod = new SandboxPodTemplate("remolt", "").pod(KubernetesSandboxRuntimeTest.spec("00000000000000f1", "local"));
        assertThat(pod.getMetadata().getLabels()).containsEntry("remolt.managed", "true");
        assertThat(pod.getMetadata().getLabels()).doesNotContainEntry("app.kubernetes.io/name", "remolt-server");
    }

    @Test
    @DisplayName("sandbox egress excludes the cloud metadata address and the private ranges, and allows the internet and DNS")
    void sandboxEgressExcludesMetadataAndPrivateRanges() throws Exception {
        NetworkPolicy sandboxes = one(NetworkPolicy.class, "remolt-sandboxes");
        List<IPBlock> blocks = sandboxes.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream())
                .map(NetworkPolicyPeer::getIpBlock).filter(b -> b != null).toList();
        assertThat(blocks).isNotEmpty();
        for (String address : List.of("169.254.169.254", "10.0.0.1", "10.96.0.1", "172.16.0.1", "172.31.255.254",
                "192.168.1.1", "100.64.0.1", "127.0.0.1", "fd00:ec2::254", "fe80::1")) {
            assertThat(allowedBy(blocks, address)).as("egress to " + address).isFalse();
        }
        for (String address : List.of("1.1.1.1", "140.82.112.3", "2606:4700:4700::1111")) {
            assertThat(allowedBy(blocks, address)).as("egress to " + address).isTrue();
        }
        assertThat(sandboxes.getSpec().getEgress()).anySatisfy(rule ->
                assertThat(rule.getPorts()).anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(53)));
    }

    private static boolean allowedBy(List<IPBlock> blocks, String address) throws Exception {
        for (IPBlock block : blocks) {
            if (contains(block.getCidr(), address)
                    && (block.getExcept() == null || block.getExcept().stream().noneMatch(e -> contains(e, address)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String cidr, String address) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (network.length != candidate.length) return false;
            int bits = network.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
        } catch (Exception e) {
            throw new AssertionError("bad CIDR or address: " + cidr + " / " + address, e);
        }
    }

    @Test
    @DisplayName("the server Deployment meets restricted, runs as its ServiceAccount with /data on a 1Gi claim, and the Service reaches its port")
    void serverDeployment() {
        Deployment deployment = one(Deployment.class, "remolt-server");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("remolt-server");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        Container server = pod.getContainers().getFirst();
        assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(server.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(server.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("REMOLT_RUNTIME");
            assertThat(e.getValue()).isEqualTo("kubernetes");
        });
        assertThat(server.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("REMOLT_DATA_DIR");
            assertThat(e.getValue()).isEqualTo("/data");
        });
        assertThat(server.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/data");
            String claim = pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst()
                    .orElseThrow().getPersistentVolumeClaim().getClaimName();
            assertThat(one(PersistentVolumeClaim.class, claim).getSpec().getResources().getRequests())
                    .containsEntry("storage", new Quantity("1Gi"));
        });
        assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(server.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        Service service = one(Service.class, "remolt-server");
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal()).isEqualTo(server.getPorts().getFirst().getName());
    }
}
