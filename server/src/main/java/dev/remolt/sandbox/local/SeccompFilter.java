package dev.remolt.sandbox.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The seccomp program every process of a local sandbox runs under, as classic BPF: an allowlist at
 * least as strict as Docker's default profile for a process without capabilities (the names are in
 * {@code seccomp-allowed.txt}), with argument checks that keep namespaces closed: {@code clone}
 * without any namespace flag, {@code clone3} answering ENOSYS so C libraries fall back to
 * {@code clone}, no {@code unshare} or {@code setns} at all; and no {@code ioctl} that types into a
 * terminal (TIOCSTI, TIOCLINUX). Only x86_64 programs pass; a 32-bit or
 * x32 system call is refused, so no second table can be used to slip past the first.
 */
final class SeccompFilter {
    static final String ARCH = "amd64";
    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int X32_BIT = 0x40000000;
    private static final int CLONE_NAMESPACE_FLAGS = 0x7E020000; // NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
    private static final List<Integer> SOCKET_FAMILIES = List.of(1, 2, 10, 16); // unix, inet, inet6, netlink
    /** TIOCSTI types into a terminal, TIOCLINUX can too: neither has a use in a sandbox. */
    private static final List<Integer> REFUSED_IOCTLS = List.of(0x5412, 0x541C);
    private static final int ARG1_LOW = 24;
    private static final List<Integer> PERSONALITIES = List.of(0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF);

    private static final int RET_ALLOW = 0x7FFF0000;
    private static final int RET_KILL_PROCESS = 0x80000000;
    private static final int RET_EPERM = 0x00050000 | 1;
    private static final int RET_ENOSYS = 0x00050000 | 38;

    private static final short LD_ABS = 0x20;
    private static final short JEQ = 0x15;
    private static final short JGT = 0x25;
    private static final short JGE = 0x35;
    private static final short JSET = 0x45;
    private static final short RET = 0x06;
    private static final int NR = 0;
    private static final int ARCH_OFFSET = 4;
    private static final int ARG0_LOW = 16;

    private SeccompFilter() {}

    /** Whether the filter (and so the local runtime) can run on this machine's architecture. */
    static boolean supported() {
        return System.getProperty("os.arch").equals(ARCH);
    }

    /** The program as hex, ready for the sandbox's entry script to load. */
    static String hex() {
        return HexFormat.of().formatHex(Program.BYTES);
    }

    private static final class Program {
        static final byte[] BYTES = build();
    }

    private static byte[] build() {
        Map<String, Integer> numbers = numbers();
        TreeSet<Integer> allowed = new TreeSet<>();
        for (String name : words(resource("seccomp-allowed.txt"))) {
            Integer nr = numbers.get(name);
            if (nr == null) throw new IllegalStateException("no x86_64 number for system call " + name);
            allowed.add(nr);
        }
        Assembler bpf = new Assembler();
        bpf.load(ARCH_OFFSET);
        bpf.jumpUnless(JEQ, AUDIT_ARCH_X86_64, "kill");
        bpf.load(NR);
        bpf.jumpIf(JGE, X32_BIT, "deny");
        bpf.jumpIf(JEQ, numbers.get("clone3"), "enosys");
        bpf.jumpIf(JEQ, numbers.get("clone"), "clone");
        bpf.jumpIf(JEQ, numbers.get("socket"), "socket");
        bpf.jumpIf(JEQ, numbers.get("personality"), "personality");
        bpf.jumpIf(JEQ, numbers.get("ioctl"), "ioctl");
        for (int[] run : runs(allowed)) {
            bpf.jumpUnless(JGE, run[0], "deny");
            bpf.jumpUnless(JGT, run[1], "allow");
        }
        bpf.ret(RET_EPERM);
        bpf.label("clone");
        bpf.load(ARG0_LOW);
        bpf.jumpIf(JSET, CLONE_NAMESPACE_FLAGS, "deny");
        bpf.ret(RET_ALLOW);
        bpf.label("socket");
        bpf.load(ARG0_LOW);
        for (int family : SOCKET_FAMILIES) bpf.jumpIf(JEQ, family, "allow");
        bpf.ret(RET_EPERM);
        bpf.label("ioctl");
        bpf.load(ARG1_LOW);
        for (int request : REFUSED_IOCTLS) bpf.jumpIf(JEQ, request, "deny");
        bpf.ret(RET_ALLOW);
        bpf.label("personality");
        bpf.load(ARG0_LOW);
        for (int persona : PERSONALITIES) bpf.jumpIf(JEQ, persona, "allow");
        bpf.label("deny");
        bpf.ret(RET_EPERM);
        bpf.label("allow");
        bpf.ret(RET_ALLOW);
        bpf.label("enosys");
        bpf.ret(RET_ENOSYS);
        bpf.label("kill");
        bpf.ret(RET_KILL_PROCESS);
        return bpf.assemble();
    }

    /** Consecutive numbers merged into [first, last] runs: a few dozen comparisons instead of 300. */
    private static List<int[]> runs(TreeSet<Integer> numbers) {
        List<int[]> runs = new ArrayList<>();
        for (int nr : numbers) {
            if (!runs.isEmpty() && runs.getLast()[1] == nr - 1) runs.getLast()[1] = nr;
            else runs.add(new int[] {nr, nr});
        }
        return runs;
    }

    private static Map<String, Integer> numbers() {
        Map<String, Integer> numbers = new HashMap<>();
        for (String line : resource("syscalls-x86_64.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] parts = line.trim().split(" ");
            numbers.put(parts[0], Integer.parseInt(parts[1]));
        }
        return numbers;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\n")).filter(line -> !line.startsWith("#"))
                .flatMap(line -> Arrays.stream(line.trim().split("\\s+"))).filter(word -> !word.isEmpty()).toList();
    }

    private static String resource(String name) {
        try (InputStream in = SeccompFilter.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Classic BPF with forward jumps to named labels, resolved when assembled. */
    private static final class Assembler {
        private record Insn(short code, String trueLabel, String falseLabel, int k) {}

        private final List<Insn> program = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();

        void load(int offset) {
            program.add(new Insn(LD_ABS, null, null, offset));
        }

        /** Jumps to {@code label} when the comparison holds, else falls through. */
        void jumpIf(short op, int k, String label) {
            program.add(new Insn(op, label, null, k));
        }

        /** Jumps to {@code label} when the comparison fails, else falls through. */
        void jumpUnless(short op, int k, String label) {
            program.add(new Insn(op, null, label, k));
        }

        void ret(int action) {
            program.add(new Insn(RET, null, null, action));
        }

        void label(String name) {
            labels.put(name, program.size());
        }

        byte[] assemble() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < program.size(); i++) {
                Insn insn = program.get(i);
                int code = insn.code();
                out.write(code & 0xFF);
                out.write(code >>> 8);
                out.write(offset(i, insn.trueLabel()));
                out.write(offset(i, insn.falseLabel()));
                for (int shift = 0; shift < 32; shift += 8) out.write(insn.k() >>> shift & 0xFF);
            }
            return out.toByteArray();
        }

        private int offset(int from, String label) {
            if (label == null) return 0;
            int jump = labels.get(label) - from - 1;
            if (jump < 0 || jump > 255) throw new IllegalStateException("jump to " + label + " out of range: " + jump);
            return jump;
        }
    }
}
