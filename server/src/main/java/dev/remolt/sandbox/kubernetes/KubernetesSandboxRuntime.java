package dev.remolt.sandbox.kubernetes;

import dev.remolt.sandbox.ExecResult;
import dev.remolt.sandbox.ProcessGroup;
import dev.remolt.sandbox.SandboxException;
import dev.remolt.sandbox.SandboxGoneException;
import dev.remolt.sandbox.SandboxInfo;
import dev.remolt.sandbox.SandboxLabels;
import dev.remolt.sandbox.SandboxRuntime;
import dev.remolt.sandbox.SandboxSpec;
import dev.remolt.sandbox.StreamingExec;
import dev.remolt.sandbox.TerminalChannel;
import dev.remolt.sandbox.TerminalSize;
import dev.remolt.sandbox.TmuxCommands;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes as Pods in one namespace, each with a Secret for its environment. Terminals are execs
 * with a TTY running a tmux client as the image's user; the proxy reaches a sandbox's ports through
 * port-forward, and the Logs tab reads the pod log.
 */
public final class KubernetesSandboxRuntime implements SandboxRuntime {
    private static final Logger log = LoggerFactory.getLogger(KubernetesSandboxRuntime.class);
    /** Mounted into every pod that runs with a service account: how AUTO knows it runs in a cluster. */
    public static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
    private static final String HOME = "/home/dev";
    private static final long EXEC_TIMEOUT_SECONDS = 60;

    private final KubernetesClient client;
    private final String namespace;
    private final SandboxPodTemplate template;
    private final PodReadiness readiness;

    public KubernetesSandboxRuntime(KubernetesClient client, String namespace, String imagePrefix, Duration startTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.template = new SandboxPodTemplate(namespace, imagePrefix);
        this.readiness = new PodReadiness(client, namespace, startTimeout);
    }

    /**
     * Connects with fabric8's standard discovery (in-cluster service account, else kubeconfig, else
     * {@code KUBERNETES_MASTER} and friends) and checks that the server may list pods, so a missing
     * Role fails at start-up with a clear message rather than at the first session.
     */
    public static KubernetesSandboxRuntime connect(String namespace, String imagePrefix, Duration startTimeout) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            client.pods().inNamespace(namespace).withLabel(SandboxLabels.MANAGED, "true").list();
        } catch (KubernetesClientException e) {
            client.close();
            throw new IllegalStateException("REMOLT_RUNTIME=kubernetes: cannot list pods in namespace " + namespace
                    + " at " + client.getConfiguration().getMasterUrl() + ": " + apiMessage(e)
                    + (e.getCode() == 401 || e.getCode() == 403
                            ? " (is the server's ServiceAccount bound to the Role in k8s/rbac.yaml?)"
                            : " (is the API server reachable from here?)"), e);
        }
        return new KubernetesSandboxRuntime(client, namespace, imagePrefix, startTimeout);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public void create(SandboxSpec spec) throws SandboxException {
        String id = spec.sessionId();
        String podName = SandboxPodTemplate.podName(id);
        try {
            client.secrets().inNamespace(namespace).resource(template.secret(spec)).create();
            Pod pod = client.pods().inNamespace(namespace).resource(template.pod(spec)).create();
            ownSecretBy(pod, id);
        } catch (KubernetesClientException e) {
            removeQuietly(id);
            throw new SandboxException(id, "cannot create the pod of session " + id + ": " + apiMessage(e), e);
        }
        try {
            readiness.await(id, podName, template.image(spec.agent()));
        } catch (SandboxException | RuntimeException e) {
            removeQuietly(id);
            throw e;
        }
    }

    /** The pod owns its Secret, so deleting the pod any way (kubectl too) also deletes the secret. */
    private void ownSecretBy(Pod pod, String id) {
        var owner = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build();
        client.secrets().inNamespace(namespace).withName(SandboxPodTemplate.secretName(id))
                .edit(s -> new SecretBuilder(s).editMetadata().addToOwnerReferences(owner).endMetadata().build());
    }

    @Override
    public TerminalChannel attach(String sessionId, int window, TerminalSize size) throws SandboxException {
        PodResource pod = livePod(sessionId);
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(TmuxCommands.attach(window, HOME));
        try {
            ExecWatch watch = pod.inContainer(SandboxPodTemplate.CONTAINER)
                    .redirectingInput().redirectingOutput().withTTY()
                    .exec(command.toArray(String[]::new));
            ExecTerminalChannel channel = new ExecTerminalChannel(watch);
            channel.resize(size);
            return channel;
        } catch (KubernetesClientException e) {
            throw new SandboxException(sessionId, "cannot attach to session " + sessionId + ": " + apiMessage(e), e);
        }
    }

    @Override
    public List<SandboxInfo> list() throws SandboxException {
        try {
            return client.pods().inNamespace(namespace).withLabel(SandboxLabels.MANAGED, "true").list().getItems()
                    .stream().map(p -> new SandboxInfo(exactLabels(p), isRunning(p))).toList();
        } catch (KubernetesClientException e) {
            throw new SandboxException(null, "cannot list the sandbox pods in namespace " + namespace + ": " + apiMessage(e), e);
        }
    }

    /** The annotations hold the exact values; labels may be stand-ins (see {@link LabelValues}). */
    private static Map<String, String> exactLabels(Pod pod) {
        Map<String, String> labels = new HashMap<>(pod.getMetadata().getLabels());
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations != null) {
            annotations.forEach((key, value) -> {
                if (key.startsWith(SandboxPodTemplate.EXACT)) labels.put(key.substring(SandboxPodTemplate.EXACT.length()), value);
            });
        }
        return labels;
    }

    @Override
    public boolean isAlive(String sessionId) {
        try {
            Pod pod = client.pods().inNamespace(namespace).withName(SandboxPodTemplate.podName(sessionId)).get();
            return pod != null && isRunning(pod);
        } catch (KubernetesClientException e) {
            log.warn("cannot read the pod of session {}: {}", sessionId, apiMessage(e));
            return false;
        }
    }

    private static boolean isRunning(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase());
    }

    @Override
    public ExecResult exec(String sessionId, List<String> command) throws SandboxException {
        PodResource pod = livePod(sessionId);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ExecWatch watch = pod.inContainer(SandboxPodTemplate.CONTAINER)
                .writingOutput(output).writingError(output).exec(command.toArray(String[]::new))) {
            int code = watch.exitCode().get(EXEC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ExecResult(code, output.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new SandboxException(sessionId, "command in session " + sessionId + " ran longer than " + EXEC_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException | KubernetesClientException e) {
            throw new SandboxException(sessionId, "cannot run a command in session " + sessionId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while running a command in session " + sessionId, e);
        }
    }

    @Override
    public StreamingExec execStreaming(String sessionId, List<String> command) throws SandboxException {
        PodResource pod = livePod(sessionId);
        ByteArrayOutputStream errors = KubernetesStreamingExec.boundedErrors();
        ExecWatch watch;
        try {
            watch = pod.inContainer(SandboxPodTemplate.CONTAINER).redirectingInput().redirectingOutput()
                    .writingError(errors).exec(ProcessGroup.wrap(command).toArray(String[]::new));
        } catch (KubernetesClientException e) {
            throw new SandboxException(sessionId, "cannot run a command in session " + sessionId + ": " + apiMessage(e), e);
        }
        try {
            int group = ProcessGroup.readId(watch.getOutput());
            return new KubernetesStreamingExec(watch, errors, () -> endGroup(sessionId, group));
        } catch (IOException e) {
            watch.close();
            throw new SandboxException(sessionId, "cannot run a command in session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    private void endGroup(String sessionId, int group) {
        if (group < 2) return;
        try {
            exec(sessionId, ProcessGroup.kill(group));
        } catch (SandboxException e) {
            // The pod is gone or going: its processes go with it.
            log.debug("ending process group {} in session {}: {}", group, sessionId, e.getMessage());
        }
    }

    /**
     * A connection to {@code port} on the pod's loopback through the API server's port-forward
     * (the Role allows {@code pods/portforward}): no route from the server to the pod is needed,
     * and nothing listens on the server's host. See {@link PortForwardStream} for the exit codes.
     */
    @Override
    public StreamingExec openPort(String sessionId, int port) throws SandboxException {
        PodResource pod = livePod(sessionId);
        try {
            return PortForwardStream.open(pod, port);
        } catch (IOException | KubernetesClientException e) {
            throw new SandboxException(sessionId, "cannot forward port " + port + " of session " + sessionId + ": "
                    + (e instanceof KubernetesClientException k ? apiMessage(k) : e.getMessage()), e);
        }
    }

    /**
     * The pod log (the entrypoint's output, which carries the agent's setup output) through the
     * log API, the last {@value SandboxRuntime#LOG_TAIL_LINES} lines and then followed; no process
     * runs in the sandbox for it. Closing the stream ends the request.
     */
    @Override
    public InputStream followLogs(String sessionId) throws SandboxException {
        PodResource pod = livePod(sessionId);
        try {
            LogWatch watch = pod.inContainer(SandboxPodTemplate.CONTAINER).tailingLines(LOG_TAIL_LINES).watchLog();
            return new FilterInputStream(watch.getOutput()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        watch.close();
                    }
                }
            };
        } catch (KubernetesClientException e) {
            throw new SandboxException(sessionId, "cannot follow the logs of session " + sessionId + ": " + apiMessage(e), e);
        }
    }

    @Override
    public void destroy(String sessionId) throws SandboxException {
        try {
            client.pods().inNamespace(namespace).withName(SandboxPodTemplate.podName(sessionId))
                    .withGracePeriod(0).delete();
            // Owned by the pod, so the garbage collector would remove it too; deleting it now means
            // it never outlives the session, even if the pod was never created.
            client.secrets().inNamespace(namespace).withName(SandboxPodTemplate.secretName(sessionId)).delete();
        } catch (KubernetesClientException e) {
            throw new SandboxException(sessionId, "cannot delete the pod of session " + sessionId + ": " + apiMessage(e), e);
        }
    }

    private void removeQuietly(String sessionId) {
        try {
            destroy(sessionId);
        } catch (SandboxException e) {
            log.warn("cannot clean up after session {}: {}", sessionId, e.getMessage());
        }
    }

    private PodResource livePod(String sessionId) throws SandboxException {
        PodResource pod = client.pods().inNamespace(namespace).withName(SandboxPodTemplate.podName(sessionId));
        Pod current;
        try {
            current = pod.get();
        } catch (KubernetesClientException e) {
            throw new SandboxException(sessionId, "cannot read the pod of session " + sessionId + ": " + apiMessage(e), e);
        }
        if (current == null || !isRunning(current)) throw new SandboxGoneException(sessionId);
        return pod;
    }

    /** The API server's own message (forbidden, quota exceeded, ...) rather than fabric8's wrapper text. */
    private static String apiMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) return e.getStatus().getMessage();
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        // "Operation [list] failed" alone says nothing: the root cause is the refused connection or bad certificate.
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }

    @Override
    public void close() {
        client.close();
    }
}
