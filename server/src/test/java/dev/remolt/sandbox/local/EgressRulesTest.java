package dev.remolt.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.config.EgressRule;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EgressRulesTest {
    @Test
    @DisplayName("loopback, link-local, private and the host's own addresses are refused after the exceptions; the rest goes out")
    void refusesAfterExceptions() throws Exception {
        String nft = EgressRules.nft(List.of(EgressRule.parse("198.51.100.3:5432"), EgressRule.parse("127.0.0.1:8080")),
                List.of(InetAddress.getByName("203.0.113.9"), InetAddress.getByName("10.0.0.4"), InetAddress.getByName("::1")));
        assertThat(nft).contains("policy accept;").contains("oifname \"lo\" accept")
                .contains("ip daddr 198.51.100.3/32 meta l4proto { tcp, udp } th dport 5432 accept")
                .doesNotContain("127.0.0.1/32");
        assertThat(nft.indexOf("dport 5432 accept")).isLessThan(nft.indexOf("reject"));
        for (String range : List.of("10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                "::1/128", "fc00::/7", "fe80::/10", "::ffff:0:0/96")) {
            assertThat(nft).contains(range);
        }
        assertThat(nft).as("a public address of the host").contains("203.0.113.9 }")
                .as("addresses a range already covers are not repeated (nft refuses overlaps)").doesNotContain("10.0.0.4");
    }
}
