package dev.remolt.sandbox.local;

import dev.remolt.config.EgressRule;
import dev.remolt.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * User-mode networking for a local sandbox ({@code REMOLT_LOCAL_NETWORK=user}), attached after
 * bubblewrap made its network namespace and before any of the sandbox's code runs: first the
 * egress rules ({@link EgressRules}) by an nft that holds CAP_NET_ADMIN over that namespace only,
 * then pasta, unprivileged (the sandbox's uid), which carries the namespace's traffic out through
 * ordinary sockets of the host. pasta maps nothing of the host into the sandbox (no gateway
 * mapping, no port forwarding) except the host-loopback ports the exceptions name, which the
 * sandbox reaches as {@value #HOST_NAME}.
 */
final class UserNetwork {
    /** Where pasta answers DNS inside (forwarded to the host's resolver); refused to everything but port 53. */
    static final String DNS_INSIDE = "169.254.1.53";
    /** The host's loopback as the sandbox names it: pasta forwards the allowed ports of its own loopback there. */
    static final String HOST_NAME = "host.remolt.internal";
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8");
    private static final String PERL = SandboxEntry.PERL;
    private static final String SCRIPT = script();
    private static final long TIMEOUT_MS = 10_000;

    private final List<EgressRule> allow;

    UserNetwork(List<EgressRule> allow) {
        this.allow = List.copyOf(allow);
    }

    /** Why user-mode networking cannot run here, or empty when it can. */
    static java.util.Optional<String> unavailableReason() {
        for (String tool : List.of("/usr/bin/pasta", "/usr/sbin/nft")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return java.util.Optional.of(tool + " is missing (apt-get install " + (tool.endsWith("pasta") ? "passt" : "nftables") + ")");
            }
        }
        return java.util.Optional.empty();
    }

    /** The files bound over the host's in the sandbox's /etc: its resolver is pasta's, and the host has a name. */
    static void writeFiles(SandboxLayout layout, String hostname) throws IOException {
        Files.writeString(layout.etc().resolve("resolv.conf"), "nameserver " + DNS_INSIDE + "\noptions edns0\n");
        Files.writeString(layout.etc().resolve("hosts"), """
                127.0.0.1 localhost %2$s
                ::1 localhost ip6-localhost ip6-loopback
                127.0.0.1 %1$s
                """.formatted(HOST_NAME, hostname));
    }

    /**
     * Installs the egress rules, then starts pasta and returns it: the rules hold before any code
     * of the sandbox runs, and pasta configures the interface while the sandbox starts; the
     * creator then waits for the route ({@link #awaitRoute}).
     */
    Process attach(String sessionId, SandboxLayout layout, long initPid, int uid) throws SandboxException, IOException {
        filter(sessionId, initPid);
        List<String> pasta = new ArrayList<>(List.of(PERL, "-e", SCRIPT, "attach", Long.toString(initPid), Integer.toString(uid),
                "/usr/bin/pasta", "--config-net", "--netns", "/proc/self/fd/3", "--userns", "/proc/self/fd/4",
                "--foreground", "--quiet", "--no-map-gw", "--dns-forward", DNS_INSIDE,
                "--tcp-ports", "none", "--udp-ports", "none", "--udp-ns", "none", "--tcp-ns", loopbackPorts()));
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("setsid"), pasta.stream()).toList())
                .redirectErrorStream(true).redirectOutput(log(layout).toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(ENV);
        Process process = builder.start();
        long startTime = HostProcesses.startTime(process.pid()).orElse(0);
        Files.writeString(pidFile(layout), process.pid() + " " + startTime + "\n");
        return process;
    }

    /** Ends the sandbox's pasta, found by its recorded pid and start time. */
    static void detach(SandboxLayout layout) {
        Path file = pidFile(layout);
        try {
            if (!Files.isRegularFile(file)) return;
            String[] fields = Files.readString(file).strip().split(" ");
            long pid = Long.parseLong(fields[0]);
            if (HostProcesses.isAlive(pid, Long.parseLong(fields[1]))) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> p).join();
                });
            }
            Files.delete(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot end the network of " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    private void filter(String sessionId, long initPid) throws SandboxException, IOException {
        ProcessBuilder builder = new ProcessBuilder(PERL, "-e", SCRIPT, "filter", Long.toString(initPid), "/usr/sbin/nft", "-f", "-")
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(ENV);
        Process nft = builder.start();
        try (OutputStream stdin = nft.getOutputStream()) {
            stdin.write(EgressRules.nft(allow, hostAddresses()).getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream out = nft.getInputStream()) {
            output = new String(out.readNBytes(8192), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!nft.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                nft.destroyForcibly();
                throw new SandboxException(sessionId, "the egress rules of session " + sessionId + " took longer than " + TIMEOUT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(sessionId, "interrupted while setting the egress rules of session " + sessionId, e);
        }
        if (nft.exitValue() != 0) {
            throw new SandboxException(sessionId, "cannot set the egress rules of session " + sessionId + ": " + output);
        }
    }

    /**
     * pasta configures the interface before it serves traffic; the default route it adds, read
     * from the kernel's table for the namespace (never a file of the sandbox), says it is done.
     */
    static void awaitRoute(String sessionId, SandboxLayout layout, long initPid, Process pasta) throws SandboxException {
        Path routes = Path.of("/proc", Long.toString(initPid), "net", "route");
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (Files.readAllLines(routes).stream().skip(1).anyMatch(line -> line.split("\\s+")[1].equals("00000000"))) return;
            } catch (IOException | UncheckedIOException e) {
                throw new SandboxException(sessionId, "sandbox of session " + sessionId + " ended while its network started");
            }
            if (!pasta.isAlive()) {
                throw new SandboxException(sessionId, "pasta exited with code " + pasta.exitValue() + " for session " + sessionId
                        + ": " + lastLine(layout));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException(sessionId, "interrupted while starting the network of session " + sessionId, e);
            }
        }
        throw new SandboxException(sessionId, "pasta did not configure the network of session " + sessionId + " within "
                + TIMEOUT_MS + " ms: " + lastLine(layout));
    }

    private String loopbackPorts() {
        String ports = allow.stream().filter(EgressRule::hostLoopback).map(rule -> Integer.toString(rule.port().getAsInt()))
                .distinct().collect(Collectors.joining(","));
        return ports.isEmpty() ? "none" : ports;
    }

    private static List<InetAddress> hostAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            addresses.addAll(Collections.list(nic.getInetAddresses()));
        }
        return addresses;
    }

    private static String lastLine(SandboxLayout layout) {
        try (Stream<String> lines = Files.lines(log(layout), StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank() && !line.startsWith("Failed to send")).reduce((a, b) -> b).orElse("(no output)");
        } catch (IOException | UncheckedIOException e) {
            return "(no output)";
        }
    }

    private static Path log(SandboxLayout layout) {
        return layout.root().resolve("network.log");
    }

    private static Path pidFile(SandboxLayout layout) {
        return layout.root().resolve("pasta.pid");
    }

    private static String script() {
        try (InputStream in = UserNetwork.class.getResourceAsStream("sandbox-network.pl")) {
            if (in == null) throw new IllegalStateException("missing resource sandbox-network.pl");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
