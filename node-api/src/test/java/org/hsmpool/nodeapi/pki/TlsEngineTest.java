package org.hsmpool.nodeapi.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;

class TlsEngineTest {

    @Test
    void boringSslLoadsOnThisPlatform() {
        // the application ships netty-tcnative's Linux builds; if this fails, `auto` silently falls back to the JDK
        assertThat(OpenSsl.unavailabilityCause()).isNull();
        assertThat(TlsEngine.of("auto").provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsEngine.of("auto").vertx()).isInstanceOf(OpenSSLEngineOptions.class);
        assertThat(TlsEngine.of("auto").describe()).startsWith("BoringSSL");
    }

    @Test
    void namesAreReadInAnyCase() {
        assertThat(TlsEngine.of("OpenSSL")).isEqualTo(TlsEngine.OPENSSL);
        assertThat(TlsEngine.of(" jdk ")).isEqualTo(TlsEngine.JDK);
    }

    @Test
    void theJdkEngineIsTheJdks() {
        assertThat(TlsEngine.JDK.provider()).isEqualTo(SslProvider.JDK);
        assertThat(TlsEngine.JDK.vertx()).isInstanceOf(JdkSSLEngineOptions.class);
        assertThat(TlsEngine.JDK.describe()).startsWith("the JDK's TLS");
    }

    @Test
    void anUnknownEngineIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> TlsEngine.of("gnutls")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown TLS engine 'gnutls': use auto, openssl or jdk");
        assertThatThrownBy(() -> TlsEngine.of("")).hasMessageContaining("use auto, openssl or jdk");
    }
}
