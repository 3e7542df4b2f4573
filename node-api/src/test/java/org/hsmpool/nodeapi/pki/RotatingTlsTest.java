package org.hsmpool.nodeapi.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation without a restart: material is checked before it is adopted, and a server
 * and a client built once from {@link RotatingTls} use rotated certificates in real TLS handshakes.
 */
class RotatingTlsTest {
    static final List<String> HOSTS = List.of("localhost", "127.0.0.1");
    static final PoolCa CA = PoolCa.create("rotation-test", Duration.ofDays(30));
    static ExecutorService server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    private TlsMaterial.Sources write(String name, PoolCa.Issued issued, PoolCa... trusted) throws IOException {
        issued.writeTo(dir, name);
        Path ca = dir.resolve(name + "-ca.crt");
        Pem.writeCertificates(ca, java.util.Arrays.stream(trusted).map(PoolCa::certificate).toList());
        return new TlsMaterial.Sources(dir.resolve(name + ".crt"), dir.resolve(name + ".key"), Optional.of(ca));
    }

    @Test
    void loadsMaterialThatHoldsTogether() throws Exception {
        PoolCa.Issued issued = CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1));
        TlsMaterial m = write("n1", issued, CA).load();
        assertThat(m.leaf()).isEqualTo(issued.certificate());
        assertThat(m.serial()).isEqualTo(issued.certificate().getSerialNumber().toString(16).toUpperCase());
        assertThat(m.authorities()).containsExactly(CA.certificate());
        assertThat(m.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void refusesAKeyOfAnotherCertificate() throws Exception {
        TlsMaterial.Sources files = write("n1", CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)), CA);
        Pem.writePrivateKey(files.key(), CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)).key());
        assertThatThrownBy(files::load).isInstanceOf(TlsMaterial.Invalid.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception {
        // issued with notBefore 300 s ago and notAfter 100 s ago
        TlsMaterial.Sources files = write("old", CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofSeconds(-100)), CA);
        assertThatThrownBy(files::load).isInstanceOf(TlsMaterial.Invalid.class).hasMessageContaining("expired at");
    }

    @Test
    void refusesACertificateFromAnotherCa() throws Exception {
        PoolCa other = PoolCa.create("other", Duration.ofDays(30));
        TlsMaterial.Sources files = write("n1", other.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)), CA);
        assertThatThrownBy(files::load).isInstanceOf(TlsMaterial.Invalid.class)
                .hasMessageContaining("was not issued by a CA in");
    }

    @Test
    void refusesUnreadableFiles() {
        var files = new TlsMaterial.Sources(dir.resolve("none.crt"), dir.resolve("none.key"), Optional.empty());
        assertThatThrownBy(files::load).isInstanceOf(TlsMaterial.Invalid.class).hasMessageContaining("cannot read");
    }

    @Test
    void adoptsOnlyValidNewMaterialAndKeepsTheLastGoodOne() throws Exception {
        TlsMaterial.Sources files = write("n1", CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)), CA);
        try (RotatingTls tls = new RotatingTls(files)) {
            TlsMaterial first = tls.current();
            assertThat(tls.refresh()).as("nothing changed").isFalse();

            // half of a rotation: the new key is there, the certificate not yet
            PoolCa.Issued next = CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1));
            Pem.writePrivateKey(files.key(), next.key());
            assertThat(tls.refresh()).isFalse();
            assertThat(tls.current()).isSameAs(first);

            Pem.writeCertificates(files.certificate(), List.of(next.certificate(), CA.certificate()));
            assertThat(tls.refresh()).isTrue();
            assertThat(tls.current().leaf()).isEqualTo(next.certificate());
        }
    }

    @Test
    void theCallersCheckRefusesMaterial() throws Exception {
        TlsMaterial.Sources files = write("n1", CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)), CA);
        try (RotatingTls tls = new RotatingTls(files, m -> {
            if (!PoolIdentity.of(m.leaf()).orElseThrow().name().equals("n1")) {
                throw new IllegalArgumentException("not n1");
            }
        })) {
            write("n1", CA.issue(PoolIdentity.node("n2"), HOSTS, Duration.ofDays(1)), CA);
            assertThat(tls.refresh()).isFalse();
            assertThat(PoolIdentity.of(tls.current().leaf()).orElseThrow().name()).isEqualTo("n1");
        }
    }

    /** A TLS 1.3 server and client with client authentication; both rotate, and so does the CA. */
    @Test
    void handshakesUseRotatedCertificatesAndCaBundles() throws Exception {
        TlsMaterial.Sources serverFiles = write("server", CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)), CA);
        TlsMaterial.Sources clientFiles = write("client", CA.issue(PoolIdentity.manager("m"), HOSTS, Duration.ofDays(1)), CA);
        try (RotatingTls s = new RotatingTls(serverFiles); RotatingTls c = new RotatingTls(clientFiles);
                SSLServerSocket listener = (SSLServerSocket) context(s).getServerSocketFactory().createServerSocket(0)) {
            listener.setNeedClientAuth(true);

            BigInteger[] seen = handshake(listener, c);
            assertThat(seen[0]).isEqualTo(s.current().leaf().getSerialNumber());
            assertThat(seen[1]).isEqualTo(c.current().leaf().getSerialNumber());

            // leaf rotation on both sides, same contexts
            write("server", CA.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)), CA);
            write("client", CA.issue(PoolIdentity.manager("m"), HOSTS, Duration.ofDays(1)), CA);
            assertThat(s.refresh()).isTrue();
            assertThat(c.refresh()).isTrue();
            seen = handshake(listener, c);
            assertThat(seen[0]).isEqualTo(s.current().leaf().getSerialNumber());
            assertThat(seen[1]).isEqualTo(c.current().leaf().getSerialNumber());

            // CA rollover: trust both, move the server to the new CA, then drop the old one
            PoolCa next = PoolCa.create("rotation-test-2", Duration.ofDays(30));
            write("client", reissue(c, CA), CA, next);
            write("server", next.issue(PoolIdentity.node("n1"), HOSTS, Duration.ofDays(1)), CA, next);
            assertThat(c.refresh()).isTrue();
            assertThat(s.refresh()).isTrue();
            seen = handshake(listener, c);
            assertThat(seen[0]).isEqualTo(s.current().leaf().getSerialNumber());

            // a client that trusts only the old CA is refused by the server's new certificate
            write("client", CA.issue(PoolIdentity.manager("m"), HOSTS, Duration.ofDays(1)), CA);
            assertThat(c.refresh()).isTrue();
            assertThatThrownBy(() -> handshake(listener, c)).isInstanceOf(Exception.class);
        }
    }

    private static PoolCa.Issued reissue(RotatingTls tls, PoolCa ca) {
        return ca.issue(PoolIdentity.of(tls.current().leaf()).orElseThrow(), HOSTS, Duration.ofDays(1));
    }

    private static SSLContext context(RotatingTls tls) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(new KeyManager[] {tls.keyManager()}, new TrustManager[] {tls.trustManager()}, null);
        return ctx;
    }

    /** One connection (the server's context is the same throughout): returns the serials of the server's and the client's certificates as seen by the peers. */
    private static BigInteger[] handshake(SSLServerSocket listener, RotatingTls client) throws Exception {
        // a new client context each time, so that no session is resumed: every handshake is a full one
        SSLContext clientContext = context(client);
        Future<BigInteger> clientSerial = server.submit(() -> {
            try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                accepted.setSoTimeout(5000);
                InputStream in = accepted.getInputStream();
                int b = in.read();
                OutputStream out = accepted.getOutputStream();
                out.write(b);
                out.flush();
                return ((X509Certificate) accepted.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        });
        BigInteger serverSerial;
        try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("localhost", listener.getLocalPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            int echo = socket.getInputStream().read();
            if (echo != 42) {
                throw new IOException("the server did not answer (" + echo + ")");
            }
            serverSerial = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (Exception e) {
            clientSerial.cancel(true);
            throw e;
        }
        // only now: the server's close waits for the client's close_notify (up to its 5 s timeout)
        return new BigInteger[] {serverSerial, clientSerial.get()};
    }
}
