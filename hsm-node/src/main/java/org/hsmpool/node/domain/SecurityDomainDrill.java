package org.hsmpool.node.domain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Token;
import org.hsmpool.sd.SecurityDomain;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.SecurityDomainException;
import org.hsmpool.sd.TransferKey;
import org.jboss.logging.Logger;

/**
 * A security-domain drill on an activated node (docs/security-domain.md, "Drill"): an administrator
 * re-encrypts their share to this node's throw-away drill key, and the node opens it here and checks
 * it against the pool's blob and its own domain. The share exists in plaintext only inside
 * {@link SecurityDomain#checkShare}, which zeroes it. The drill key is destroyed after every check, so
 * a recorded drill share never opens again (no replay), and it is never the restore's transfer key.
 */
public final class SecurityDomainDrill {
    private static final Logger LOG = Logger.getLogger(SecurityDomainDrill.class);

    private final DomainKeys domain;
    private final TransferKeys drillKeys;
    private final Supplier<NodeIdentity> identity;

    public SecurityDomainDrill(Token token, DomainKeys domain, String nodeName, Supplier<NodeIdentity> identity) {
        this.domain = domain;
        this.drillKeys = new TransferKeys(token, nodeName, TransferKeys.DRILL_KEY);
        this.identity = identity;
    }

    /** The drill key's JWK, attested like the transfer key; made on first use after each check. */
    public synchronized String drillKeyJwk() {
        installedDomain();
        return SecurityDomainSteps.attestedJwk(drillKeys.current(), identity.get());
    }

    /** Opens one drill share; returns what it proved. The drill key is gone afterwards, whatever the outcome. */
    public synchronized SecurityDomain.CheckedShare check(String blobJson, String share) {
        byte[] installed = installedDomain();
        TransferKey key = drillKeys.existing().orElseThrow(() -> NodeException.badRequest("this node has no drill key"
                + " (each check uses one up): get a new one (GetDrillKey) and re-encrypt the share to it"));
        try {
            SecurityDomainBlob blob = SecurityDomainBlob.parse(blobJson);
            byte[] blobDomain = SecurityDomainSteps.domainId(blob.poolId(), "the blob's pool_id");
            if (!Arrays.equals(blobDomain, installed)) {
                throw new NodeException(NodeException.Reason.WRONG_DOMAIN, "the blob is of security domain "
                        + blob.poolId() + ", this node holds " + HexFormat.of().formatHex(installed));
            }
            SecurityDomain.CheckedShare checked = SecurityDomain.checkShare(blob, share, key, drillKeys.decryptor(key));
            LOG.infof("security-domain drill: share %d of domain %s opened", checked.index(), blob.poolId());
            return checked;
        } catch (SecurityDomainException e) {
            LOG.debugf("security-domain drill refused: %s [%s]", e.getMessage(), e.reason());
            throw SecurityDomainFailures.of(e);
        } finally {
            drillKeys.retire();
        }
    }

    private byte[] installedDomain() {
        return domain.domainId().orElseThrow(() -> new NodeException(NodeException.Reason.NO_DOMAIN,
                "this node holds no security domain, so there is nothing to drill"));
    }
}
