package dev.remolt.sandbox.local;

import dev.remolt.config.EgressRule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The nftables rule set a sandbox's network namespace gets before any of its code runs: its own
 * loopback and the DNS forwarder are open, then the configured exceptions, then the host's own
 * addresses, loopback, link-local (cloud metadata), private, shared and multicast ranges are
 * refused at once (a reset, not a silent drop); everything else (the internet) goes out through pasta.
 */
final class EgressRules {
    /** Refused unless an exception opens them. */
    static final List<String> REFUSED_V4 = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3");
    static final List<String> REFUSED_V6 = List.of("::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "fc00::/7",
            "fe80::/10", "fec0::/10", "ff00::/8");

    private EgressRules() {}

    /**
     * @param allow         exceptions that are not on the host's loopback (those go through pasta's forwarding)
     * @param hostAddresses every address of the host's interfaces, refused too: a service bound to
     *                      all of them must not be reachable through a public one
     */
    static String nft(Collection<EgressRule> allow, Collection<InetAddress> hostAddresses) {
        List<String> lines = new ArrayList<>(List.of(
                "table inet remolt {",
                "  chain egress {",
                "    type filter hook output priority 0; policy accept;",
                "    oifname \"lo\" accept",
                "    ip daddr " + UserNetwork.DNS_INSIDE + " meta l4proto { tcp, udp } th dport 53 accept"));
        for (EgressRule rule : allow) {
            if (rule.hostLoopback()) continue;
            lines.add("    " + (rule.ipv6() ? "ip6" : "ip") + " daddr " + rule.cidr()
                    + rule.port().stream().mapToObj(port -> " meta l4proto { tcp, udp } th dport " + port).findFirst().orElse("")
                    + " accept");
        }
        List<String> v4 = new ArrayList<>(REFUSED_V4);
        List<String> v6 = new ArrayList<>(REFUSED_V6);
        // nft refuses overlapping elements in one set: only addresses no range covers yet.
        hostAddresses.stream().filter(address -> java.util.stream.Stream.concat(REFUSED_V4.stream(), REFUSED_V6.stream()).noneMatch(cidr -> covers(cidr, address)))
                .map(address -> address.getHostAddress().replaceFirst("%.*$", "")).distinct()
                .forEach(text -> (text.contains(":") ? v6 : v4).add(text));
        lines.add("    meta l4proto tcp ip daddr { " + String.join(", ", v4) + " } reject with tcp reset");
        lines.add("    ip daddr { " + String.join(", ", v4) + " } reject");
        lines.add("    meta l4proto tcp ip6 daddr { " + String.join(", ", v6) + " } reject with tcp reset");
        lines.add("    ip6 daddr { " + String.join(", ", v6) + " } reject");
        lines.add("  }");
        lines.add("}");
        return String.join("\n", lines) + "\n";
    }

    static boolean covers(String cidr, InetAddress address) {
        String[] parts = cidr.split("/");
        byte[] block = literal(parts[0]).getAddress();
        byte[] bytes = address.getAddress();
        if (block.length != bytes.length) return false;
        int prefix = Integer.parseInt(parts[1]);
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((block[bit / 8] & mask) != (bytes[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text); // a literal from the lists above: never resolved
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("not an address literal: " + text, e);
        }
    }
}
