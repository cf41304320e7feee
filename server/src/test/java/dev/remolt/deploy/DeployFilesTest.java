package dev.remolt.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remolt.config.ConfigLoader;
import dev.remolt.deploy.QuickStartScript.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files an operator installs from: the systemd unit, .env.example and the licence. */
class DeployFilesTest {
    private static final Path UNIT = QuickStartScript.REPO.resolve("deploy/remolt.service");
    private static final Map<String, String> PATH = Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");

    @TempDir
    Path temp;

    @Test
    @DisplayName(".env.example lists exactly the settings the server reads")
    void envExampleListsEverySetting() throws Exception {
        Set<String> read = new TreeSet<>();
        Map<String, String> recording = new HashMap<>() {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }
        };
        ConfigLoader.load(recording, temp);

        Set<String> listed = new TreeSet<>();
        Matcher setting = Pattern.compile("(?m)^# ([A-Z][A-Z0-9_]+)=").matcher(
                Files.readString(QuickStartScript.REPO.resolve(".env.example")));
        while (setting.find()) listed.add(setting.group(1));

        assertThat(read).hasSizeGreaterThan(30);
        assertThat(listed).isEqualTo(read);
    }

    @Test
    @DisplayName("the systemd unit passes systemd-analyze verify, which does refuse a broken copy")
    void unitVerifies() throws Exception {
        assertThat(Path.of("/usr/bin/systemd-analyze")).as("systemd-analyze (apt-get install systemd)").isExecutable();
        Run good = QuickStartScript.run(List.of("systemd-analyze", "verify", UNIT.toString()), PATH);
        assertThat(good.exitCode()).as(good.all()).isZero();
        assertThat(good.all()).isEmpty();

        Path broken = temp.resolve("remolt.service");
        Files.writeString(broken, Files.readString(UNIT).replace("ExecStart=/usr/bin/env ", "ExecStart=/usr/bin/no-such-env "));
        Run bad = QuickStartScript.run(List.of("systemd-analyze", "verify", broken.toString()), PATH);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.all()).contains("/usr/bin/no-such-env is not executable");
    }

    @Test
    @DisplayName("the unit stops only the server on restart, so local sandboxes survive, and leaves bubblewrap its namespaces")
    void unitKeepsSandboxesAndBubblewrap() throws Exception {
        List<String> lines = Files.readAllLines(UNIT).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).contains("KillMode=process", "Delegate=yes", "ProtectSystem=strict", "NoNewPrivileges=yes");
        for (String breaksBubblewrap : List.of("RestrictNamespaces", "SystemCallFilter", "ProtectKernelTunables",
                "ProtectKernelLogs", "ProtectProc", "ProcSubset", "ProtectHostname", "PrivateDevices", "MemoryDenyWriteExecute")) {
            assertThat(lines).noneMatch(l -> l.startsWith(breaksBubblewrap + "="));
        }
    }

    @Test
    @DisplayName("the licence is MIT, as the reference's")
    void licence() throws Exception {
        assertThat(Files.readString(QuickStartScript.REPO.resolve("LICENSE"))).startsWith("MIT License\n")
                .contains("Permission is hereby granted, free of charge");
    }
}
