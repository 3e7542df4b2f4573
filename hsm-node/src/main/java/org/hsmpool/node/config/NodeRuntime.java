package org.hsmpool.node.config;

import java.util.Arrays;

import org.hsmpool.node.crypto.KeyCrypto;
import org.hsmpool.node.domain.AuditSeals;
import org.hsmpool.node.domain.ClientKeys;
import org.hsmpool.node.domain.KeyAttestations;
import org.hsmpool.node.domain.MlDsaKeys;
import org.hsmpool.node.domain.DomainKeys;
import org.hsmpool.node.domain.DomainMac;
import org.hsmpool.node.domain.SealedKeys;
import org.hsmpool.node.domain.SecurityDomainSteps;
import org.hsmpool.node.domain.TransferKeys;
import org.hsmpool.node.domain.TransportKeys;
import org.hsmpool.node.token.Pkcs11Token;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.TokenConfig;
import org.hsmpool.node.token.TokenException;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Opens the token when the process starts and wires the node's parts. A token that cannot be
 * opened (wrong PIN, unknown label, missing library) stops the process with a clear message.
 */
@ApplicationScoped
@Startup
public class NodeRuntime {
    private static final Logger LOG = Logger.getLogger(NodeRuntime.class);

    private final Token token;
    private final KeyCrypto crypto;
    private final TransportKeys transport;
    private final DomainKeys domain;
    private final SealedKeys sealed;
    private final MlDsaKeys mlDsa;
    private final ClientKeys clientKeys;
    private final DomainMac domainMac;
    private final SecurityDomainSteps securityDomain;
    private final org.hsmpool.node.domain.SecurityDomainDrill drill;
    private final AuditSeals auditSeals;
    private final KeyAttestations attestations;

    public NodeRuntime(NodeConfig config, NodeTls tls) {
        char[] pin = PinSource.read(config.token().pinFile(), NodeConfig.PIN_ENV);
        try {
            this.token = Pkcs11Token.open(new TokenConfig(config.pkcs11().library(), config.token().label(), pin,
                    config.token().sessions(), config.token().sessionWait(), config.token().maxLoginAttempts()));
        } catch (TokenException e) {
            throw new IllegalStateException("hsm-node " + config.name() + " cannot open token '"
                    + config.token().label() + "': " + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
        this.crypto = new KeyCrypto(token);
        // the transport key pairs are made on first use (GetTransportKey), not here: most node starts
        // (restarts, nodes that never receive domain keys or client keys) need neither RSA-3072 keygen
        this.transport = new TransportKeys(token, tls::identity);
        this.domain = new DomainKeys(token, transport);
        this.mlDsa = new MlDsaKeys(token, domain);
        this.sealed = new SealedKeys(token, domain, crypto, mlDsa);
        this.clientKeys = new ClientKeys(token, domain, transport, sealed, mlDsa);
        this.domainMac = new DomainMac(token, domain);
        this.securityDomain = new SecurityDomainSteps(token, domain, new TransferKeys(token, config.name()),
                tls::identity);
        this.drill = new org.hsmpool.node.domain.SecurityDomainDrill(token, domain, config.name(), tls::identity);
        this.auditSeals = new AuditSeals(token, tls::identity);
        this.attestations = new KeyAttestations(token, domain, mlDsa, tls::identity, config.name());
        LOG.infof("hsm-node %s serving token '%s' (slot %d, %s %s), domain keys %s", config.name(),
                token.info().label(), token.info().slot(), token.info().manufacturer(), token.info().model(),
                domain.domainId().isPresent() ? "installed" : "not installed");
    }

    @Produces
    @Singleton
    Token token() {
        return token;
    }

    @Produces
    @Singleton
    KeyCrypto crypto() {
        return crypto;
    }

    @Produces
    @Singleton
    TransportKeys transport() {
        return transport;
    }

    @Produces
    @Singleton
    DomainKeys domain() {
        return domain;
    }

    @Produces
    @Singleton
    SealedKeys sealed() {
        return sealed;
    }

    @Produces
    @Singleton
    MlDsaKeys mlDsa() {
        return mlDsa;
    }

    @Produces
    @Singleton
    ClientKeys clientKeys() {
        return clientKeys;
    }

    @Produces
    @Singleton
    DomainMac domainMac() {
        return domainMac;
    }

    @Produces
    @Singleton
    SecurityDomainSteps securityDomain() {
        return securityDomain;
    }

    @Produces
    @Singleton
    org.hsmpool.node.domain.SecurityDomainDrill drill() {
        return drill;
    }

    @Produces
    @Singleton
    AuditSeals auditSeals() {
        return auditSeals;
    }

    @Produces
    @Singleton
    KeyAttestations attestations() {
        return attestations;
    }

    @PreDestroy
    void close() {
        token.close();
    }
}
