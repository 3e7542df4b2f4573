package org.hsmpool.node.rpc;

import java.util.HexFormat;

import org.hsmpool.node.config.NodeConfig;
import org.hsmpool.node.crypto.KeyCrypto;
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.crypto.SignatureAlgorithm;
import org.hsmpool.node.domain.AuditSeals;
import org.hsmpool.node.domain.ClientKeys;
import org.hsmpool.node.domain.DomainKeys;
import org.hsmpool.node.domain.DomainMac;
import org.hsmpool.node.domain.KeyAttestations;
import org.hsmpool.node.domain.KeyForms;
import org.hsmpool.node.domain.MlDsaKeys;
import org.hsmpool.node.domain.SealedKeys;
import org.hsmpool.node.domain.SecurityDomainSteps;
import org.hsmpool.node.domain.TransportKeys;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.SessionStats;
import org.hsmpool.node.token.Token;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation;
import org.hsmpool.nodeapi.v1.*;

import com.google.protobuf.ByteString;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

/** The node's gRPC service: worker threads, but the six crypto calls see {@link CryptoDispatch}. */
@GrpcService
@Blocking
@RegisterInterceptor(CallerCheck.class)
@RegisterInterceptor(CorrelationIds.class)
public class HsmNodeService extends HsmNodeGrpc.HsmNodeImplBase {
    private final NodeConfig config;
    private final Token token;
    private final KeyCrypto crypto;
    private final DomainKeys domain;
    private final TransportKeys transport;
    private final SealedKeys keys;
    private final ClientKeys clientKeys;
    private final DomainMac domainMac;
    private final SecurityDomainSteps securityDomain;
    private final org.hsmpool.node.domain.SecurityDomainDrill drill;
    private final AuditSeals auditSeals;
    private final KeyAttestations attestations;
    private final MlDsaKeys mlDsa;
    private final CryptoDispatch dispatch;

    public HsmNodeService(NodeConfig config, Token token, KeyCrypto crypto, DomainKeys domain, TransportKeys transport,
            SealedKeys keys, ClientKeys clientKeys, DomainMac domainMac, SecurityDomainSteps securityDomain,
            org.hsmpool.node.domain.SecurityDomainDrill drill, AuditSeals auditSeals, KeyAttestations attestations,
            MlDsaKeys mlDsa) {
        this.mlDsa = mlDsa;
        this.dispatch = new CryptoDispatch(token);
        this.drill = drill;
        this.config = config;
        this.token = token;
        this.crypto = crypto;
        this.domain = domain;
        this.transport = transport;
        this.keys = keys;
        this.clientKeys = clientKeys;
        this.domainMac = domainMac;
        this.securityDomain = securityDomain;
        this.auditSeals = auditSeals;
        this.attestations = attestations;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<NodeInfo> observer) {
        Replies.reply("info", observer, () -> {
            var info = token.info();
            return NodeInfo.newBuilder().setNodeName(config.name()).setTokenLabel(info.label())
                    .setTokenSerial(info.serial()).setTokenManufacturer(info.manufacturer())
                    .setTokenModel(info.model()).addAllMechanisms(info.mechanisms()).setKeyCount(keys.list().size())
                    .setDomainInstalled(domain.domainId().isPresent())
                    .setDomainId(domain.domainId().map(HexFormat.of()::formatHex).orElse(""))
                    .setMlDsaHolder(KeyHolder.NODE_PROCESS)
                    .setVersion(getClass().getPackage().getImplementationVersion() == null ? "dev"
                            : getClass().getPackage().getImplementationVersion())
                    .build();
        });
    }

    @Override
    public void health(HealthRequest request, StreamObserver<HealthReply> observer) {
        Replies.reply("health", observer, () -> {
            boolean up = token.probe();
            SessionStats s = token.sessions();
            return HealthReply.newBuilder().setStatus(up ? HealthReply.Status.SERVING : HealthReply.Status.NOT_SERVING)
                    .setDetail(up ? "token answers" : "token does not answer").setSessionsIdle(s.idle())
                    .setSessionsOpen(s.open()).build();
        });
    }

    // ----------------------------------------------------------------------------------------

    @Override
    public void generateKey(GenerateKeyRequest request, StreamObserver<KeyMaterial> observer) {
        Replies.reply("generateKey", observer, () -> material(keys.generate(SealedKeys.keyVersionId(request.getKeyId()),
                KeyForms.spec(request.getSpec()), KeyForms.ops(request.getOpsList()))));
    }

    @Override
    public void importWrapped(ImportWrappedRequest request, StreamObserver<KeyMaterial> observer) {
        Replies.reply("importWrapped", observer,
                () -> material(keys.importSealed(request.getWrappedKey().toByteArray())));
    }

    @Override
    public void importWrappedBatch(ImportWrappedBatchRequest request, StreamObserver<ImportWrappedBatchReply> observer) {
        Replies.reply("importWrappedBatch", observer, () -> BatchImport.run(keys, domain, request));
    }

    @Override
    public void importKey(ImportKeyRequest request, StreamObserver<KeyMaterial> observer) {
        Replies.reply("importKey", observer, () -> {
            var spec = KeyForms.spec(request.getSpec());
            return material(clientKeys.importKey(new ClientKeys.Import(SealedKeys.keyVersionId(request.getKeyId()),
                    spec, KeyForms.ops(request.getOpsList()), KeyForms.publicKey(spec, request.getPublicKey()),
                    request.getTransportKeySha256().toByteArray(), request.getWrappedAesKey().toByteArray(),
                    request.getWrappedKey().toByteArray())));
        });
    }

    @Override
    public void domainMac(DomainMacRequest request, StreamObserver<DomainMacReply> observer) {
        Replies.reply("domainMac", observer, () -> {
            DomainMac.Mac mac = domainMac.compute(request.getPurpose(), request.getData().toByteArray());
            return DomainMacReply.newBuilder().setMac(ByteString.copyFrom(mac.mac()))
                    .setDomainId(ByteString.copyFrom(mac.domainId())).build();
        });
    }

    @Override
    public void openSealed(OpenSealedRequest request, StreamObserver<OpenSealedReply> observer) {
        Replies.reply("openSealed", observer, () -> {
            int n = request.getSealedKeysCount();
            if (n > SealedKeys.MAX_OPENED_AT_ONCE) {
                throw NodeException.badRequest("at most " + SealedKeys.MAX_OPENED_AT_ONCE
                        + " sealed keys are opened in one call, got " + n);
            }
            OpenSealedReply.Builder reply = OpenSealedReply.newBuilder();
            for (int i = 0; i < n; i++) {
                WrappedKeyBody body;
                try {
                    body = keys.authenticate(request.getSealedKeys(i).toByteArray());
                } catch (NodeException e) {
                    throw new NodeException(e.reason(), "sealed key " + i + ": " + e.getMessage(), e.ckr(), e);
                } catch (org.hsmpool.node.token.TokenException e) {
                    throw new org.hsmpool.node.token.TokenException(e.kind(), "sealed key " + i + ": " + e.detail(),
                            e.ckr(), e);
                }
                reply.addKeys(KeyMaterial.newBuilder().setKeyId(body.getKeyId()).setSpec(body.getSpec())
                        .addAllOps(body.getOpsList()).setPublicKey(body.getPublicKey()));
            }
            return reply.build();
        });
    }

    @Override
    public void attestKey(KeyRequest request, StreamObserver<KeyAttestationReply> observer) {
        Replies.reply("attestKey", observer, () -> {
            KeyAttestations.Evidence e = attestations.attest(SealedKeys.keyVersionId(request.getKeyId()));
            KeyAttestationReply.Builder b = KeyAttestationReply.newBuilder().setDocument(ByteString.copyFrom(e.document()));
            e.certificateChain().forEach(c -> b.addCertificateChain(ByteString.copyFrom(c)));
            return b.build();
        });
    }

    @Override
    public void sealAudit(SealAuditRequest request, StreamObserver<AuditStatement> observer) {
        Replies.reply("sealAudit", observer, () -> statement(auditSeals.seal(request.getSealSeq(),
                request.getRecordHash())));
    }

    @Override
    public void auditCounter(AuditCounterRequest request, StreamObserver<AuditStatement> observer) {
        Replies.reply("auditCounter", observer, () -> statement(auditSeals.counter(request.getNonce().toByteArray())));
    }

    private static AuditStatement statement(AuditSeals.Statement s) {
        AuditStatement.Builder b = AuditStatement.newBuilder().setChainId(ByteString.copyFrom(s.chainId()))
                .setCounter(s.counter()).setDigest(ByteString.copyFrom(s.digest()))
                .setSignatureAlgorithm(s.algorithm()).setSignature(ByteString.copyFrom(s.signature()));
        s.certificateChain().forEach(c -> b.addCertificateChain(ByteString.copyFrom(c)));
        return b.build();
    }

    @Override
    public void exportWrapped(KeyRequest request, StreamObserver<KeyMaterial> observer) {
        Replies.reply("exportWrapped", observer,
                () -> material(keys.export(SealedKeys.keyVersionId(request.getKeyId()))));
    }

    @Override
    public void describeKey(KeyRequest request, StreamObserver<KeyMaterial> observer) {
        Replies.reply("describeKey", observer, () -> {
            var key = keys.describe(SealedKeys.keyVersionId(request.getKeyId()));
            return KeyMaterial.newBuilder().setKeyId(key.id().value()).setSpec(KeyForms.spec(key.spec()))
                    .addAllOps(KeyForms.ops(org.hsmpool.node.crypto.KeyOperation.permittedBy(key.spec(), key.usages())))
                    .setPublicKey(KeyForms.publicKey(key.publicKey())).setHolder(KeyForms.holder(key.spec())).build();
        });
    }

    @Override
    public void deleteKey(KeyRequest request, StreamObserver<DeleteKeyReply> observer) {
        Replies.reply("deleteKey", observer, () -> DeleteKeyReply.newBuilder()
                .setDeleted(keys.delete(SealedKeys.keyVersionId(request.getKeyId()))).build());
    }

    @Override
    public void listKeys(ListKeysRequest request, StreamObserver<KeyList> observer) {
        Replies.reply("listKeys", observer, () -> KeyList.newBuilder()
                .addAllKeyIds(keys.list().stream().map(ObjectId::value).sorted().toList()).build());
    }

    private static KeyMaterial material(SealedKeys.Sealed s) {
        return KeyMaterial.newBuilder().setKeyId(s.key().id().value()).setSpec(KeyForms.spec(s.key().spec()))
                .addAllOps(KeyForms.ops(s.ops())).setPublicKey(KeyForms.publicKey(s.key().publicKey()))
                .setWrappedKey(ByteString.copyFrom(s.sealed())).setHolder(KeyForms.holder(s.key().spec())).build();
    }

    // ----------------------------------------------------------------------------------------

    @NonBlocking
    @Override
    public void sign(SignRequest request, StreamObserver<SignReply> observer) {
        dispatch.reply("sign", observer, () -> {
            ObjectId id = SealedKeys.keyVersionId(request.getKeyId());
            SignatureAlgorithm alg = KeyForms.signature(request.getAlgorithm());
            byte[] signature = nodeHeld(id, alg) ? mlDsa.sign(id, alg, message(alg, request.getDigest(), request.getMessage()))
                    : crypto.sign(id, alg, request.getDigest().toByteArray());
            return SignReply.newBuilder().setSignature(ByteString.copyFrom(signature)).build();
        });
    }

    @NonBlocking
    @Override
    public void verify(VerifyRequest request, StreamObserver<VerifyReply> observer) {
        dispatch.reply("verify", observer, () -> {
            ObjectId id = SealedKeys.keyVersionId(request.getKeyId());
            SignatureAlgorithm alg = KeyForms.signature(request.getAlgorithm());
            boolean valid = nodeHeld(id, alg)
                    ? mlDsa.verify(id, alg, message(alg, request.getDigest(), request.getMessage()),
                            request.getSignature().toByteArray())
                    : crypto.verify(id, alg, request.getDigest().toByteArray(), request.getSignature().toByteArray());
            return VerifyReply.newBuilder().setValid(valid).build();
        });
    }

    /** ML-DSA algorithms and keys are the node's (MlDsaKeys); each refuses the other's with BAD_REQUEST. */
    private boolean nodeHeld(ObjectId id, SignatureAlgorithm alg) {
        return alg.family() == SignatureAlgorithm.Family.ML_DSA || mlDsa.holds(id);
    }

    /** ML-DSA signs the message itself: a digest there is a caller's mistake, not something to sign. */
    private static byte[] message(SignatureAlgorithm alg, ByteString digest, ByteString message) {
        if (alg.family() == SignatureAlgorithm.Family.ML_DSA && !digest.isEmpty()) {
            throw NodeException.badRequest("ML-DSA signs the message itself (message), not a digest");
        }
        return message.toByteArray();
    }

    @NonBlocking
    @Override
    public void encrypt(EncryptRequest request, StreamObserver<EncryptReply> observer) {
        dispatch.reply("encrypt", observer, () -> {
            KeyCrypto.Encrypted e = crypto.encrypt(SealedKeys.keyVersionId(request.getKeyId()),
                    KeyForms.cipher(request.getAlgorithm()), request.getPlaintext().toByteArray(),
                    request.getIv().toByteArray(), request.getAad().toByteArray());
            return EncryptReply.newBuilder().setCiphertext(ByteString.copyFrom(e.ciphertext()))
                    .setIv(ByteString.copyFrom(e.iv())).setTag(ByteString.copyFrom(e.tag())).build();
        });
    }

    @NonBlocking
    @Override
    public void decrypt(DecryptRequest request, StreamObserver<DecryptReply> observer) {
        dispatch.reply("decrypt", observer, () -> DecryptReply.newBuilder()
                .setPlaintext(ByteString.copyFrom(crypto.decrypt(SealedKeys.keyVersionId(request.getKeyId()),
                        KeyForms.cipher(request.getAlgorithm()), request.getCiphertext().toByteArray(),
                        request.getIv().toByteArray(), request.getAad().toByteArray(), request.getTag().toByteArray())))
                .build());
    }

    @NonBlocking
    @Override
    public void wrapKey(WrapKeyRequest request, StreamObserver<WrapKeyReply> observer) {
        dispatch.reply("wrapKey", observer, () -> WrapKeyReply.newBuilder()
                .setWrapped(ByteString.copyFrom(crypto.wrapKey(SealedKeys.keyVersionId(request.getKeyId()),
                        KeyForms.cipher(request.getAlgorithm()), request.getKey().toByteArray())))
                .build());
    }

    @NonBlocking
    @Override
    public void unwrapKey(UnwrapKeyRequest request, StreamObserver<UnwrapKeyReply> observer) {
        dispatch.reply("unwrapKey", observer, () -> UnwrapKeyReply.newBuilder()
                .setKey(ByteString.copyFrom(crypto.unwrapKey(SealedKeys.keyVersionId(request.getKeyId()),
                        KeyForms.cipher(request.getAlgorithm()), request.getWrapped().toByteArray())))
                .build());
    }

    @Override
    public void random(RandomRequest request, StreamObserver<RandomReply> observer) {
        Replies.reply("random", observer,
                () -> RandomReply.newBuilder().setBytes(ByteString.copyFrom(crypto.random(request.getCount()))).build());
    }

    // ----------------------------------------------------------------------------------------

    @Override
    public void getTransportKey(TransportKeyRequest request, StreamObserver<TransportKey> observer) {
        Replies.reply("getTransportKey", observer, () -> {
            TransportKeyAttestation.Purpose purpose = TransportKeyForms.purpose(request.getPurpose());
            // a caller of the contract before purposes wants the key domain bundles travel under
            return TransportKeyForms.message(transport.own(purpose == null ? TransportKeyAttestation.Purpose.DOMAIN_BUNDLE
                    : purpose));
        });
    }

    @Override
    public void exportDomainKeys(ExportDomainKeysRequest request, StreamObserver<DomainKeyBundle> observer) {
        Replies.reply("exportDomainKeys", observer, () -> {
            if (!request.hasRecipient()) {
                throw NodeException.badRequest("the recipient's transport key is missing");
            }
            DomainKeys.Bundle b = domain.exportTo(TransportKeyForms.attested(request.getRecipient()));
            return DomainKeyBundle.newBuilder().setDomainId(ByteString.copyFrom(b.domainId()))
                    .setWrappedWrapKey(ByteString.copyFrom(b.wrappedWrapKey()))
                    .setWrappedMacKey(ByteString.copyFrom(b.wrappedMacKey()))
                    .setRecipientKeySha256(ByteString.copyFrom(b.recipientFingerprint()))
                    .addAllSenderCertificateChain(b.senderChainDer().stream().map(ByteString::copyFrom).toList())
                    .setSignatureAlgorithm(b.signatureAlgorithm()).setSignature(ByteString.copyFrom(b.signature()))
                    .build();
        });
    }

    @Override
    public void importDomainKeys(DomainKeyBundle request, StreamObserver<DomainState> observer) {
        Replies.reply("importDomainKeys", observer, () -> state(domain.importFrom(new DomainKeys.Bundle(
                request.getDomainId().toByteArray(), request.getWrappedWrapKey().toByteArray(),
                request.getWrappedMacKey().toByteArray(), request.getRecipientKeySha256().toByteArray(),
                request.getSenderCertificateChainList().stream().map(ByteString::toByteArray).toList(),
                request.getSignatureAlgorithm(), request.getSignature().toByteArray()))));
    }

    // ----------------------------------------------------------------------------------------

    @Override
    public void createSecurityDomain(CreateSecurityDomainRequest request, StreamObserver<SecurityDomainReply> observer) {
        Replies.reply("createSecurityDomain", observer, () -> {
            SecurityDomainSteps.Created created = securityDomain.create(
                    request.getAdminCertificatesList().stream().map(ByteString::toByteArray).toList(),
                    request.getRequired(), request.getPoolId());
            return SecurityDomainReply.newBuilder().setBlobJson(created.blobJson())
                    .setAttestationJson(created.attestationJson()).setState(state(created.domainId())).build();
        });
    }

    @Override
    public void getTransferKey(TransferKeyRequest request, StreamObserver<TransferKeyReply> observer) {
        Replies.reply("getTransferKey", observer,
                () -> TransferKeyReply.newBuilder().setJwkJson(securityDomain.transferKeyJwk()).build());
    }

    @Override
    public void restoreSecurityDomain(RestoreSecurityDomainRequest request, StreamObserver<DomainState> observer) {
        Replies.reply("restoreSecurityDomain", observer,
                () -> state(securityDomain.restore(request.getBlobJson(), request.getSharesList())));
    }

    @Override
    public void getDrillKey(TransferKeyRequest request, StreamObserver<TransferKeyReply> observer) {
        Replies.reply("getDrillKey", observer, () -> TransferKeyReply.newBuilder().setJwkJson(drill.drillKeyJwk()).build());
    }

    @Override
    public void checkShare(org.hsmpool.nodeapi.v1.CheckShareRequest request,
            StreamObserver<org.hsmpool.nodeapi.v1.CheckShareReply> observer) {
        Replies.reply("checkShare", observer, () -> {
            var checked = drill.check(request.getBlobJson(), request.getShare());
            return org.hsmpool.nodeapi.v1.CheckShareReply.newBuilder().setIndex(checked.index())
                    .setAdminThumbprint(checked.admin().value()).build();
        });
    }

    private static DomainState state(byte[] domainId) {
        return DomainState.newBuilder().setInstalled(true).setDomainId(ByteString.copyFrom(domainId)).build();
    }
}
