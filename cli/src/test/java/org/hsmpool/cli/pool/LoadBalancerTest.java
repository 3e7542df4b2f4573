package org.hsmpool.cli.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.pki.PoolCa;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HAProxy configuration, for a local pool ({@code hsmpool up --managers N}) and for compose's
 * containers ({@code hsmpool provision --managers N}): one piece of code, so the two cannot drift; and
 * HAProxy itself accepts both ({@code haproxy -c}, where it is installed).
 */
class LoadBalancerTest {
    @TempDir
    Path dir;

    @Test
    void theLocalPoolsAndComposesConfigurationsDifferOnlyInAddressesAndNameLookup() throws Exception {
        Path ca = dir.resolve("ca.crt");
        PoolCa.create("lb-test", Duration.ofDays(1)).writeTo(dir.resolve("ca"));
        Files.copy(dir.resolve("ca/ca.crt"), ca);
        String local = new LoadBalancer(dir).configuration(8443, List.of(new LocalPool.ManagerAddress("manager-1", 8454),
                new LocalPool.ManagerAddress("manager-2", 8455)), ca);
        String compose = LoadBalancer.configuration("test", "*:8443", List.of(new LoadBalancer.Backend("manager-1",
                "manager-1", 8443), new LoadBalancer.Backend("manager-2", "manager-2", 8443)), ca.toString(), true);

        assertThat(local).contains("bind 127.0.0.1:8443\n").contains("server manager-1 127.0.0.1:8454\n")
                .contains("server manager-2-unready 127.0.0.1:8455 backup no-check\n").doesNotContain("resolvers");
        assertThat(compose).contains("bind *:8443\n").contains("server manager-1 manager-1:8443\n")
                .contains("nameserver dns 127.0.0.11:53").contains("resolvers docker init-addr last,libc,none resolve-opts allow-dup-ip");
        for (String c : List.of(local, compose)) {
            assertThat(c).contains("mode tcp").contains("http-check send meth GET uri /q/health/ready")
                    .contains("check check-ssl verify required ca-file " + ca).contains("inter 500ms fall 2 rise 2")
                    .contains("option redispatch").contains("option allbackups");
        }

        Assumptions.assumeTrue(LoadBalancer.installed(), "HAProxy is not installed: its own check of the files is skipped");
        for (String c : List.of(local, compose)) {
            Path file = Files.writeString(dir.resolve("haproxy-" + c.hashCode() + ".cfg"), c);
            Process p = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
    }
}
