package org.hsmpool.node.it;

import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hsmpool.nodeapi.NodeClient;
import org.hsmpool.nodeapi.v1.CreateSecurityDomainRequest;
import org.hsmpool.nodeapi.v1.InfoRequest;
import org.hsmpool.nodeapi.v1.NodeInfo;
import org.hsmpool.nodeapi.v1.RestoreSecurityDomainRequest;
import org.hsmpool.nodeapi.v1.SecurityDomainReply;
import org.hsmpool.nodeapi.v1.TransferKeyRequest;
import org.hsmpool.sd.AdminKeyPair;
import org.hsmpool.sd.EncryptedShare;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.Share;
import org.hsmpool.sd.ShareEnvelope;
import org.hsmpool.sd.Shares;
import org.hsmpool.sd.TransferKey;

import com.google.protobuf.ByteString;

/**
 * Security-domain steps as the integration tests drive them: administrators made with the same
 * library code as {@code hsmpool sd admin-keygen}, their shares re-encrypted with the same call as
 * {@code hsmpool sd share}, and the node calls of the pool manager.
 */
final class SecurityDomains {
    static final SecureRandom RANDOM = new SecureRandom();

    private SecurityDomains() {
    }

    static List<AdminKeyPair> admins(int n) {
        List<AdminKeyPair> admins = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            admins.add(AdminKeyPair.generate("admin-" + i, Instant.now(), RANDOM));
        }
        return admins;
    }

    static List<ByteString> certificates(List<AdminKeyPair> admins) {
        List<ByteString> out = new ArrayList<>();
        for (AdminKeyPair admin : admins) {
            try {
                out.add(ByteString.copyFrom(admin.certificate().getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    static SecurityDomainReply create(NodeClient node, List<AdminKeyPair> admins, int required, String poolId) {
        return node.call(s -> s.createSecurityDomain(CreateSecurityDomainRequest.newBuilder()
                .addAllAdminCertificates(certificates(admins)).setRequired(required).setPoolId(poolId).build()));
    }

    static String transferKey(NodeClient node) {
        return node.call(s -> s.getTransferKey(TransferKeyRequest.getDefaultInstance())).getJwkJson();
    }

    /** What {@code hsmpool sd share --for transfer-key.json} does on one administrator's machine. */
    static String share(SecurityDomainBlob blob, AdminKeyPair admin, String transferKeyJwk) {
        return ShareEnvelope.reencryptForTransferKey(blob, admin.certificate(), admin.privateKey(),
                TransferKey.parse(transferKeyJwk));
    }

    static List<String> shares(SecurityDomainBlob blob, List<AdminKeyPair> admins, String transferKeyJwk) {
        return admins.stream().map(a -> share(blob, a, transferKeyJwk)).toList();
    }

    static void restore(NodeClient node, String blobJson, List<String> shares) {
        node.call(s -> s.restoreSecurityDomain(RestoreSecurityDomainRequest.newBuilder().setBlobJson(blobJson)
                .addAllShares(shares).build()));
    }

    static NodeInfo info(NodeClient node) {
        return node.call(s -> s.info(InfoRequest.getDefaultInstance()));
    }

    /** The plaintext share of one administrator, decrypted with that administrator's private key. */
    static byte[] shareBytes(SecurityDomainBlob blob, AdminKeyPair admin) {
        EncryptedShare entry = blob.shareFor(admin.thumbprint()).orElseThrow();
        Share share = ShareEnvelope.decrypt(entry.jwe(), admin.certificate(), admin.privateKey(), blob.facts());
        try {
            return share.value();
        } finally {
            share.destroy();
        }
    }

    /** S recombined in the test from the administrators' own shares (only to look for it elsewhere). */
    static byte[] master(SecurityDomainBlob blob, List<AdminKeyPair> admins) {
        List<Share> shares = new ArrayList<>();
        for (AdminKeyPair admin : admins) {
            EncryptedShare entry = blob.shareFor(admin.thumbprint()).orElseThrow();
            shares.add(ShareEnvelope.decrypt(entry.jwe(), admin.certificate(), admin.privateKey(), blob.facts()));
        }
        return Shares.join(shares, blob.facts().required(), blob.poolId(), blob.facts().checkValue());
    }
}
