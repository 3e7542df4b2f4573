package org.hsmpool.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyVaultKey;

/**
 * Issue 9: the images as a pool on a Docker network, driven from the host with the Azure SDK. One
 * pool for the class; each test leaves its three nodes HEALTHY. Skipped, with the reason, where no
 * Docker engine answers ({@link DockerEngine}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DockerEngine.class)
class ContainerPoolIT {
    private static final Path HOME = Path.of(System.getProperty("hsmpool.home", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("hsmpool.test.work", "target/container-pool"));
    private static final String TAG = System.getProperty("hsmpool.test.image.tag", "it");
    private static ContainerPool pool;
    private static KeyClient keys;
    private static KeyVaultKey signingKey;

    @BeforeAll
    static void start() throws Exception {
        Instant t0 = Instant.now();
        ContainerPool.buildImages(HOME, TAG);
        Instant t1 = Instant.now();
        deleteRecursively(WORK);
        pool = new ContainerPool(WORK, TAG);
        try {
            pool.start();
            pool.activate();
            for (String n : ContainerPool.NODES) {
                pool.awaitNode(n, "HEALTHY", Duration.ofSeconds(60));
            }
        } catch (Exception | AssertionError e) {
            pool.saveLogs(WORK.resolve("containers.log"));
            throw e;
        }
        System.out.printf("ContainerPoolIT: images %d s, pool up and activated %d s%n",
                Duration.between(t0, t1).toSeconds(), Duration.between(t1, Instant.now()).toSeconds());
        keys = pool.keyClient();
        signingKey = keys.createEcKey(new CreateEcKeyOptions("load-key").setCurveName(KeyCurveName.P_256).setHardwareProtected(true));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.saveLogs(WORK.resolve("containers.log"));
            pool.close();
        }
    }

    @Test
    @Order(1)
    void theSdkCreatesKeysAndSignsThroughTheManagerContainer() {
        CryptographyClient crypto = pool.cryptographyClient(signingKey.getId());
        byte[] message = "hello, containers".getBytes(StandardCharsets.UTF_8);
        byte[] signature = crypto.signData(SignatureAlgorithm.ES256, message).getSignature();
        assertThat(crypto.verifyData(SignatureAlgorithm.ES256, message, signature).isValid()).isTrue();
        assertThat(crypto.verifyData(SignatureAlgorithm.ES256, "another".getBytes(StandardCharsets.UTF_8), signature)
                .isValid()).isFalse();
    }

    @Test
    @Order(2)
    void aKilledNodeContainerCostsNoClientCallAndCatchesUpWhenStartedAgain() throws Exception {
        String victim = "node-2";
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Instant end = Instant.now().plusSeconds(12);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(load.submit(() -> {
                CryptographyClient crypto = pool.cryptographyClient(signingKey.getId());
                while (Instant.now().isBefore(end)) {
                    try {
                        crypto.signData(SignatureAlgorithm.ES256, ("m-" + ok.get()).getBytes(StandardCharsets.UTF_8));
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            }));
        }
        Thread.sleep(4_000);
        pool.kill(victim);
        Thread.sleep(1_000);
        KeyVaultKey whileDown = keys.createEcKey(new CreateEcKeyOptions("while-killed").setCurveName(KeyCurveName.P_256));
        for (Future<?> w : workers) {
            w.get();
        }
        load.shutdown();
        assertThat(failures).as("failed client calls (of %d good ones)", ok.get()).isEmpty();
        assertThat(ok.get()).isGreaterThan(20);
        assertThat(pool.node(pool.status(), victim).path("state").asText()).isNotEqualTo("HEALTHY");

        pool.restart(victim);
        pool.awaitNode(victim, "HEALTHY", Duration.ofSeconds(60));
        assertTakesTraffic(victim, whileDown);
    }

    @Test
    @Order(3)
    void aNodeCutOffTheNetworkIsEjectedAndCatchesUpOnceReconnected() throws Exception {
        String victim = "node-1";
        pool.disconnect(victim);
        pool.awaitNode(victim, "EJECTED", Duration.ofSeconds(30));
        KeyVaultKey whileCutOff = keys.createEcKey(new CreateEcKeyOptions("while-cut-off").setCurveName(KeyCurveName.P_256));
        assertThat(pool.node(pool.status(), victim).path("lag").asLong()).as("the cut-off node misses the new key").isPositive();

        pool.reconnect(victim);
        pool.awaitNode(victim, "HEALTHY", Duration.ofSeconds(60));
        assertTakesTraffic(victim, whileCutOff);
    }

    @Test
    @Order(4)
    void aNodeReplacedOnAnEmptyTokenVolumeRejoinsWithEveryKey() throws Exception {
        String victim = "node-3";
        var fresh = pool.replace(victim);
        assertThat(fresh.getLogs()).contains("initialising a new SoftHSM2 token");
        pool.awaitNode(victim, "HEALTHY", Duration.ofSeconds(90));
        assertTakesTraffic(victim, signingKey);
    }

    /** The node serves calls again: signatures with {@code key} raise its served count. */
    private static void assertTakesTraffic(String node, KeyVaultKey key) throws Exception {
        long before = pool.node(pool.status(), node).path("served").asLong();
        CryptographyClient crypto = pool.cryptographyClient(key.getId());
        for (int i = 0; i < 60; i++) {
            crypto.signData(SignatureAlgorithm.ES256, ("after-" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(pool.node(pool.status(), node).path("served").asLong()).as("calls served by %s", node).isGreaterThan(before);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
