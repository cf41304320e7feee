package dev.remolt.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One exception to a sandbox's egress policy ({@code REMOLT_EGRESS_ALLOW}): an address or a CIDR
 * block, with or without a port. IPv6 addresses with a port are written in brackets.
 *
 * @param address the network address (the block's first address for a CIDR)
 * @param prefix  the prefix length, 32 or 128 for a single address
 * @param port    the one TCP or UDP port allowed, or empty for all ports
 */
public record EgressRule(InetAddress address, int prefix, OptionalInt port) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,5}");

    /**
     * Parses {@code address[:port]} or {@code cidr[:port]}; an IPv6 address or block with a port is
     * written in brackets ({@code [::1]:8080}). The message names what is wrong.
     */
    public static EgressRule parse(String text) {
        String value = text.strip();
        String block = value;
        String portText = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            String rest = close < 0 ? "" : value.substring(close + 1);
            if (close < 0 || !rest.isEmpty() && !rest.startsWith(":")) throw malformed(value);
            block = value.substring(1, close);
            if (!rest.isEmpty()) portText = rest.substring(1);
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            block = value.substring(0, value.indexOf(':'));
            portText = value.substring(value.indexOf(':') + 1);
        }
        int slash = block.indexOf('/');
        String host = slash < 0 ? block : block.substring(0, slash);
        String prefixText = slash < 0 ? null : block.substring(slash + 1);
        // Only literals reach getByName (checked first), so it never resolves a name.
        if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches()) {
            throw new IllegalArgumentException(value + ": " + host + " is not an IPv4 or IPv6 address");
        }
        if (prefixText != null && !NUMBER.matcher(prefixText).matches() || portText != null && !NUMBER.matcher(portText).matches()) {
            throw malformed(value);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(value + ": " + host + " is not an IPv4 or IPv6 address");
        }
        int bits = address.getAddress().length * 8;
        int prefix = prefixText == null ? bits : Integer.parseInt(prefixText);
        if (prefix > bits) throw new IllegalArgumentException(value + ": prefix /" + prefix + " is longer than " + bits + " bits");
        OptionalInt port = portText == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(portText));
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException(value + ": port must be between 1 and 65535");
        }
        EgressRule rule = new EgressRule(network(address, prefix), prefix, port);
        // The host's loopback is reached only through pasta's port forwarding, one port at a time.
        if (address.isLoopbackAddress()) {
            if (!rule.hostLoopback() || !Set.of("127.0.0.1", "0:0:0:0:0:0:0:1").contains(address.getHostAddress())) {
                throw new IllegalArgumentException(value + ": of the host's loopback, only 127.0.0.1:PORT or [::1]:PORT can be opened");
            }
            if (port.isEmpty()) throw new IllegalArgumentException(value + ": a service on the host's loopback needs its port");
        }
        return rule;
    }

    private static IllegalArgumentException malformed(String value) {
        return new IllegalArgumentException(value + ": expected address[:port] or cidr[:port] ([address]:port for IPv6)");
    }

    /** True for a service on the host's own loopback, which sandboxes reach as {@code host.remolt.internal}. */
    public boolean hostLoopback() {
        return address.isLoopbackAddress() && prefix == address.getAddress().length * 8;
    }

    public boolean ipv6() {
        return address.getAddress().length == 16;
    }

    /** The block in CIDR notation, as nftables reads it. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefix;
    }

    private static InetAddress network(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
