package org.hsmpool.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.IntNode;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flows 2 (activate) and 6 (restore) of DESIGN.md, as the node and the administrators run them. */
class SecurityDomainTest {

    private static final String POOL = "pool-flows";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static byte[] master;
    private static SecurityDomainBlob blob;
    private static TestKeys.Transfer transfer;
    /** Transfer share of admin i (share i + 1) for {@link #transfer}. */
    private static List<String> transferShares;
    private static List<String> secrets;

    @BeforeAll
    static void activateAndPrepareRestore() {
        master = SharesTest.master();
        blob = SecurityDomainBlob.parse(SecurityDomain.create(master, POOL, TestKeys.adminCertificates(5), 3,
                TestKeys.NOW, RANDOM).toJson());
        transfer = TestKeys.transfer(0);
        transferShares = new ArrayList<>();
        secrets = new ArrayList<>(Secrets.encodings(master));
        for (int i = 0; i < 5; i++) {
            TestKeys.Admin admin = TestKeys.admin(i);
            transferShares.add(ShareEnvelope.reencryptForTransferKey(blob, admin.certificate(), admin.keys().getPrivate(),
                    transfer.key()));
            secrets.addAll(Secrets.encodings(ShareEnvelope.decrypt(blob.share(i + 1).jwe(), admin.certificate(),
                    admin.keys().getPrivate(), blob.facts()).value()));
        }
    }

    @Test
    void activationGivesEachAdministratorOneShareOfTheQuorumSplit() {
        assertThat(blob.poolId()).isEqualTo(POOL);
        assertThat(blob.facts().required()).isEqualTo(3);
        assertThat(blob.facts().shareCount()).isEqualTo(5);
        assertThat(blob.facts().createdAt()).isEqualTo(TestKeys.NOW);
        assertThat(blob.facts().checkValue()).isEqualTo(CheckValue.of(master, POOL));
        for (int i = 0; i < 5; i++) {
            assertThat(blob.share(i + 1).recipient()).isEqualTo(TestKeys.admin(i).thumbprint());
        }
        assertThat(blob.toJson()).doesNotContain(secrets);
    }

    @Test
    void everyQuorumOfTransferSharesRestoresTheDomainKeysInTheNode() {
        DomainKeys expected = DomainKeys.derive(master, POOL);
        int quorums = 0;
        for (int a = 0; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                for (int c = b + 1; c < 5; c++) {
                    NoPaddingRsa token = transfer.token();
                    List<String> quorum = List.of(transferShares.get(c), transferShares.get(a), transferShares.get(b));
                    try (DomainKeys restored = SecurityDomain.restore(blob, quorum, transfer.key(), token)) {
                        assertThat(restored.wrapKey()).isEqualTo(expected.wrapKey());
                        assertThat(restored.macKey()).isEqualTo(expected.macKey());
                    }
                    assertThat(token.calls).hasValue(3);
                    quorums++;
                }
            }
        }
        assertThat(quorums).isEqualTo(10);
        try (DomainKeys all = SecurityDomain.restore(blob, transferShares, transfer.key(), transfer.token())) {
            assertThat(all.wrapKey()).isEqualTo(expected.wrapKey());
        }
    }

    @Test
    void aTransferKeyMadeFromJwkWorksTheSame() {
        TransferKey fromJwk = TransferKey.parse(transfer.key().toJwkJson());
        try (DomainKeys restored = SecurityDomain.restore(blob, transferShares.subList(1, 4), fromJwk, transfer.token())) {
            assertThat(restored.wrapKey()).isEqualTo(DomainKeys.derive(master, POOL).wrapKey());
        }
    }

    @Test
    void fewerSharesThanTheQuorumAreRefused() {
        refused(() -> SecurityDomain.restore(blob, transferShares.subList(0, 2), transfer.key(), transfer.token()),
                Reason.TOO_FEW_SHARES, "2 transfer shares given, the quorum is 3 of 5");
        refused(() -> SecurityDomain.restore(blob, List.of(), transfer.key(), transfer.token()),
                Reason.TOO_FEW_SHARES, "0 transfer shares given");
    }

    @Test
    void theSameShareTwiceIsRefused() {
        List<String> twice = List.of(transferShares.get(0), transferShares.get(1), transferShares.get(1));
        refused(() -> SecurityDomain.restore(blob, twice, transfer.key(), transfer.token()),
                Reason.DUPLICATE_SHARE, "transfer share #3 is share 2 again");
        // Made twice by the same administrator: another ciphertext, still the same share.
        TestKeys.Admin admin = TestKeys.admin(1);
        String again = ShareEnvelope.reencryptForTransferKey(blob, admin.certificate(), admin.keys().getPrivate(),
                transfer.key());
        refused(() -> SecurityDomain.restore(blob, List.of(transferShares.get(1), transferShares.get(2), again),
                transfer.key(), transfer.token()), Reason.DUPLICATE_SHARE, "share 2 again");
    }

    @Test
    void aShareOfAnotherSecurityDomainIsRefused() {
        SecurityDomainBlob other = SecurityDomain.create(SharesTest.master(), "pool-other", TestKeys.adminCertificates(3), 2,
                TestKeys.NOW, RANDOM);
        String foreign = reencrypt(other, 0);
        refused(() -> SecurityDomain.restore(blob, List.of(transferShares.get(1), transferShares.get(2), foreign),
                transfer.key(), transfer.token()), Reason.WRONG_DOMAIN, "transfer share #3 belongs to the security domain of pool 'pool-other'");

        SecurityDomainBlob recreated = SecurityDomain.create(SharesTest.master(), POOL, TestKeys.adminCertificates(5), 3,
                TestKeys.NOW, RANDOM);
        String sameName = reencrypt(recreated, 0);
        refused(() -> SecurityDomain.restore(blob, List.of(transferShares.get(1), transferShares.get(2), sameName),
                transfer.key(), transfer.token()), Reason.WRONG_DOMAIN, "check value differs");
    }

    @Test
    void aDrillOpensOneAdministratorsShareAndNamesItWithoutRecombining() {
        NoPaddingRsa token = transfer.token();
        SecurityDomain.CheckedShare checked = SecurityDomain.checkShare(blob, transferShares.get(3), transfer.key(), token);

        assertThat(checked.index()).isEqualTo(4);
        assertThat(checked.admin()).isEqualTo(TestKeys.admin(3).thumbprint());
        assertThat(token.calls).hasValue(1);
    }

    @Test
    void aDrillRefusesAShareOfAnotherDomainForAnotherKeyOrAltered() {
        SecurityDomainBlob recreated = SecurityDomain.create(SharesTest.master(), POOL, TestKeys.adminCertificates(5), 3,
                TestKeys.NOW, RANDOM);
        refused(() -> SecurityDomain.checkShare(blob, reencrypt(recreated, 0), transfer.key(), transfer.token()),
                Reason.WRONG_DOMAIN, "check value differs");
        TestKeys.Transfer other = TestKeys.transfer(1);
        refused(() -> SecurityDomain.checkShare(blob, transferShares.get(0), other.key(), other.token()),
                Reason.WRONG_TRANSFER_KEY, "the drill share is encrypted to the transfer key");
        String share = transferShares.get(0);
        int tag = share.lastIndexOf('.') + 2;
        String altered = share.substring(0, tag) + (share.charAt(tag) == 'A' ? 'B' : 'A') + share.substring(tag + 1);
        refused(() -> SecurityDomain.checkShare(blob, altered, transfer.key(), transfer.token()), Reason.TAMPERED, "");
    }

    @Test
    void aShareForAnotherTransferKeyIsRefused() {
        TestKeys.Transfer other = TestKeys.transfer(1);
        refused(() -> SecurityDomain.restore(blob, transferShares.subList(0, 3), other.key(), other.token()),
                Reason.WRONG_TRANSFER_KEY, "transfer share #1 is encrypted to the transfer key " + transfer.key().thumbprint());
    }

    @Test
    void aTamperedShareIsRefused() {
        String share = transferShares.get(2);
        String tampered = Tamper.at(share, share.lastIndexOf('.') - 5);
        refused(() -> SecurityDomain.restore(blob, List.of(transferShares.get(0), transferShares.get(1), tampered),
                transfer.key(), transfer.token()), Reason.TAMPERED, "transfer share #3 does not decrypt");
    }

    @Test
    void anAdministratorShareIsNotATransferShare() {
        refused(() -> SecurityDomain.restore(blob, List.of(transferShares.get(0), transferShares.get(1),
                blob.share(3).jwe()), transfer.key(), transfer.token()), Reason.MALFORMED_SHARE,
                "transfer share #3 is an administrator share");
    }

    @Test
    void aTransferShareThatNamesTheWrongAdministratorIsRefused() {
        Share share = ShareEnvelope.decrypt(blob.share(1).jwe(), TestKeys.admin(0).certificate(),
                TestKeys.admin(0).keys().getPrivate(), blob.facts());
        String misattributed = ShareEnvelope.encryptToTransferKey(transfer.key(), share, blob.facts(),
                TestKeys.admin(4).thumbprint());
        refused(() -> SecurityDomain.restore(blob, List.of(misattributed, transferShares.get(1), transferShares.get(2)),
                transfer.key(), transfer.token()), Reason.TAMPERED, "the blob gives that share to " + TestKeys.admin(0).thumbprint());
    }

    @Test
    void anAuthenticShareWithWrongBytesIsRefusedByTheCheckValue() {
        Share share = ShareEnvelope.decrypt(blob.share(1).jwe(), TestKeys.admin(0).certificate(),
                TestKeys.admin(0).keys().getPrivate(), blob.facts());
        byte[] bytes = share.value();
        bytes[3] ^= 0x40;
        String wrong = ShareEnvelope.encryptToTransferKey(transfer.key(), new Share(1, bytes), blob.facts(),
                TestKeys.admin(0).thumbprint());
        refused(() -> SecurityDomain.restore(blob, List.of(wrong, transferShares.get(1), transferShares.get(2)),
                transfer.key(), transfer.token()), Reason.WRONG_SHARES, "check value mismatch");
    }

    @Test
    void loweringTheQuorumDoesNotLetFewerAdministratorsRestore() {
        // Two administrators collude: they rewrite required to 2 in the blob and every header, and
        // make transfer shares that agree with it. The node refuses through the check value.
        SecurityDomainBlob lowered = SecurityDomainBlob.parse(Forge.consistently(blob.toJson(), "required", IntNode.valueOf(2)));
        List<String> colluding = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TestKeys.Admin admin = TestKeys.admin(i);
            Share share = ShareEnvelope.decrypt(blob.share(i + 1).jwe(), admin.certificate(), admin.keys().getPrivate(),
                    blob.facts());
            colluding.add(ShareEnvelope.encryptToTransferKey(transfer.key(), share, lowered.facts(), admin.thumbprint()));
        }
        refused(() -> SecurityDomain.restore(lowered, colluding, transfer.key(), transfer.token()),
                Reason.WRONG_SHARES, "do not recombine");
    }

    @Test
    void anAdministratorWithoutAShareInTheBlobIsTold() {
        TestKeys.Admin outsider = TestKeys.admin(5);
        refused(() -> ShareEnvelope.reencryptForTransferKey(blob, outsider.certificate(), outsider.keys().getPrivate(),
                transfer.key()), Reason.WRONG_RECIPIENT, "holds no share for the certificate " + outsider.thumbprint());
    }

    @Test
    void activationRefusesBadAdministratorSetsAndQuorums() {
        List<X509Certificate> three = TestKeys.adminCertificates(3);
        refused(() -> SecurityDomain.create(master, POOL, three.subList(0, 2), 2, TestKeys.NOW, RANDOM),
                Reason.INVALID_ARGUMENT, "share_count (N) must be between 3 and 10, got 2");
        refused(() -> SecurityDomain.create(master, POOL, Collections.nCopies(11, three.get(0)), 2, TestKeys.NOW, RANDOM),
                Reason.INVALID_ARGUMENT, "share_count (N) must be between 3 and 10, got 11");
        refused(() -> SecurityDomain.create(master, POOL, three, 1, TestKeys.NOW, RANDOM),
                Reason.INVALID_ARGUMENT, "required (M) must be between 2 and share_count (N) = 3, got 1");
        refused(() -> SecurityDomain.create(master, POOL, three, 4, TestKeys.NOW, RANDOM),
                Reason.INVALID_ARGUMENT, "required (M) must be between 2 and share_count (N) = 3, got 4");
        refused(() -> SecurityDomain.create(master, POOL, List.of(three.get(0), three.get(1), three.get(0)), 2,
                TestKeys.NOW, RANDOM), Reason.INVALID_CERTIFICATE, "administrator certificate 3 is given twice");
        X509Certificate small = SelfSignedCertificate.issue(TestKeys.rsa(1024), "small", TestKeys.NOW, Duration.ofDays(1));
        refused(() -> SecurityDomain.create(master, POOL, List.of(three.get(0), three.get(1), small), 2,
                TestKeys.NOW, RANDOM), Reason.INVALID_CERTIFICATE, "has a 1024-bit RSA key");
        refused(() -> SecurityDomain.create(new byte[16], POOL, three, 2, TestKeys.NOW, RANDOM),
                Reason.INVALID_ARGUMENT, "must be 32 bytes");
    }

    private static String reencrypt(SecurityDomainBlob domain, int admin) {
        TestKeys.Admin a = TestKeys.admin(admin);
        return ShareEnvelope.reencryptForTransferKey(domain, a.certificate(), a.keys().getPrivate(), transfer.key());
    }

    /** Asserts the reason and message, and that neither S nor any share shows in the error or its causes. */
    private static void refused(Supplier<?> action, Reason reason, String message) {
        SecurityDomainException e = catchThrowableOfType(SecurityDomainException.class, action::get);
        assertThat(e).as("expected %s", reason).isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(message);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t)).doesNotContain(secrets);
        }
    }
}
