package org.hsmpool.pool.keys;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.hsmpool.nodeapi.v1.DecryptReply;
import org.hsmpool.nodeapi.v1.DecryptRequest;
import org.hsmpool.nodeapi.v1.EncryptReply;
import org.hsmpool.nodeapi.v1.EncryptRequest;
import org.hsmpool.nodeapi.v1.GenerateKeyRequest;
import org.hsmpool.nodeapi.v1.KeyRequest;
import org.hsmpool.nodeapi.v1.HsmNodeGrpc;
import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.NodeError;
import org.hsmpool.nodeapi.v1.RandomRequest;
import org.hsmpool.nodeapi.v1.SignReply;
import org.hsmpool.nodeapi.v1.SignRequest;
import org.hsmpool.nodeapi.v1.UnwrapKeyReply;
import org.hsmpool.nodeapi.v1.UnwrapKeyRequest;
import org.hsmpool.nodeapi.v1.VerifyReply;
import org.hsmpool.nodeapi.v1.VerifyRequest;
import org.hsmpool.nodeapi.v1.WrapKeyReply;
import org.hsmpool.nodeapi.v1.WrapKeyRequest;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.replication.Replicator;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.DeletedKey;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.KeyRotationPolicy;
import org.hsmpool.pool.store.KeyVersion;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.Page;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.hsmpool.pool.store.StoreException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.grpc.stub.StreamObserver;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Key Vault key semantics over the pool: creation through the {@link Replicator}, reads from the
 * store, cryptographic calls through the {@link NodeRouter} to a node that holds the version, after
 * the attribute checks (enabled; inside nbf..exp only verify, decrypt and unwrapKey; key_ops).
 */
@ApplicationScoped
public class PoolKeyService implements KeyService {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PoolKeyService.class);
    static final int MIN_RETENTION_DAYS = 7;
    static final int MAX_RETENTION_DAYS = 90;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PoolStore store;
    private final Replicator replicator;
    private final NodeRouter router;
    private final int retentionDays;
    private final RotationPolicies rotationPolicies;

    public PoolKeyService(PoolStore store, Replicator replicator, NodeRouter router, PoolConfig config) {
        this.store = store;
        this.replicator = replicator;
        this.router = router;
        this.retentionDays = config.softDeleteRetentionDays();
        this.rotationPolicies = new RotationPolicies(config.rotation().minimumPeriod());
        if (retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException("hsmpool.pool.soft-delete-retention-days must be " + MIN_RETENTION_DAYS
                    + " to " + MAX_RETENTION_DAYS + ", is " + retentionDays);
        }
    }

    @Override
    public ManagedKey create(String name, NewKey key) {
        requireActivated();
        String keyType = KeyOperations.keyType(key.keyType());
        KeySpec spec = spec(keyType, key);
        List<String> ops = KeyOperations.checked(keyType, key.keyOps());
        GenerateKeyRequest.Builder request = GenerateKeyRequest.newBuilder().setKeyId(newVersionId()).setSpec(spec);
        ops.forEach(op -> request.addOps(KeyOperations.op(op)));
        KeyProperties properties = properties(key, ops);
        if (store.deletedKey(name).isPresent()) {
            throw KeyVaultException.conflict("a key named " + name + " is deleted but not purged: recover or purge "
                    + "it before reusing the name");
        }
        Instant now = Instant.now();
        try {
            KeyVersion version = replicator.generate(request.build(), material -> new NewKeyVersion(name,
                    material.getKeyId(), keyType, publicJwk(keyType, material), material.getWrappedKey().toByteArray(),
                    properties, false, now, now));
            return view(version);
        } catch (RoutingException e) {
            throw translate(e, "create " + name);
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public ManagedKey importKey(String name, ImportedKey key) {
        requireActivated();
        String keyType = KeyOperations.keyType(key.kty());
        List<String> ops = KeyOperations.checked(keyType, key.keyOps());
        List<org.hsmpool.nodeapi.v1.KeyOp> nodeOps = ops.stream().map(KeyOperations::op).toList();
        KeyProperties properties = properties(new NewKey(keyType, null, key.curve(), null, ops, key.enabled(),
                key.notBefore(), key.expires(), key.tags()), ops);
        if (store.deletedKey(name).isPresent()) {
            throw KeyVaultException.conflict("a key named " + name + " is deleted but not purged: recover or purge "
                    + "it before reusing the name");
        }
        String versionId = newVersionId();
        Instant now = Instant.now();
        try (ClientKeys.Prepared prepared = ClientKeys.prepare(keyType, key)) {
            KeyVersion version = replicator.createOn("key import", versionId, (node, s) -> {
                var transport = s.getTransportKey(org.hsmpool.nodeapi.v1.TransportKeyRequest.newBuilder()
                        .setPurpose(org.hsmpool.nodeapi.v1.TransportKeyPurpose.CLIENT_KEY_IMPORT).build());
                return s.importKey(org.hsmpool.nodeapi.KeyImports.request(transport,
                        org.hsmpool.nodeapi.pki.PoolIdentity.node(node.name()), versionId, prepared.spec(), nodeOps,
                        prepared.publicKey(), prepared.encoded()));
            }, material -> new NewKeyVersion(name, material.getKeyId(), keyType, publicJwk(keyType, material),
                    material.getWrappedKey().toByteArray(), properties, false, now, now));
            return view(version);
        } catch (RoutingException e) {
            throw translate(e, "import " + name);
        } catch (StoreException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            LOG.warnf("key import refused a node's transport key: %s", e.getMessage());
            throw KeyVaultException.unavailable("a node's transport key could not be verified; try again", 1);
        }
    }

    @Override
    public byte[] backup(String name) {
        resolve(name, null);
        try {
            List<KeyVersion> versions = new ArrayList<>();
            String next = null;
            do {
                Page<KeyVersion> page = store.listVersions(name, next, 25);
                versions.addAll(page.items());
                next = page.continuation();
            } while (next != null);
            byte[] document = KeyBackups.document(name, versions,
                    store.rotationPolicy(name).map(KeyRotationPolicy::policyJson).orElse(null), Instant.now());
            return KeyBackups.seal(document, domainMac(document));
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public ManagedKey restore(byte[] backup, java.util.function.Predicate<String> mayUndoPurge) {
        requireActivated();
        KeyBackups.Sealed sealed = KeyBackups.unseal(backup);
        if (!java.security.MessageDigest.isEqual(domainMac(sealed.document()), sealed.mac())) {
            throw KeyVaultException.badParameter("the backup was altered, or it comes from a pool with another "
                    + "security domain: a key backup can only be restored into a pool of the same security domain");
        }
        KeyBackups.Contents contents = KeyBackups.contents(sealed.document());
        String name = SealedVersions.clientName(contents.name());
        if (store.latestVersion(name).isPresent() || store.deletedKey(name).isPresent()) {
            throw KeyVaultException.conflict("a key named " + name + " exists in this pool (live or deleted): "
                    + "a backup is restored only under a free name");
        }
        List<String> purged = contents.versions().stream().map(NewKeyVersion::versionId).filter(store::wasPurged)
                .toList();
        if (!purged.isEmpty() && !mayUndoPurge.test(name)) {
            throw KeyVaultException.conflict("key " + name + " was purged from this pool after this backup was taken "
                    + "(version " + purged.get(0) + "): only a principal who may purge the key "
                    + "(keys/deletedKeys/delete at /keys/" + name + ") may restore it");
        }
        for (NewKeyVersion v : contents.versions()) {
            if (store.versionById(v.versionId()).isPresent()) {
                throw KeyVaultException.conflict("key version " + v.versionId() + " of the backup exists in this "
                        + "pool");
            }
        }
        // every version's facts from its sealed key, all checked before anything is written
        List<NewKeyVersion> versions = SealedVersions.opened(router, contents.versions());
        if (!purged.isEmpty()) {
            LOG.infof("restoring key %s lifts the tombstones of %d purged version(s)", name, purged.size());
            purged.forEach(store::forgetPurge);
        }
        KeyVersion last = null;
        try {
            for (NewKeyVersion v : versions) {
                var request = org.hsmpool.nodeapi.v1.ImportWrappedRequest.newBuilder()
                        .setWrappedKey(ByteString.copyFrom(v.sealedKey())).build();
                last = replicator.create("key restore", v.versionId(), s -> s.importWrapped(request),
                        material -> SealedVersions.checked(v, material));
            }
            if (contents.rotationPolicyJson() != null) {
                store.putRotationPolicy(name, contents.rotationPolicyJson(), Instant.now());
            }
        } catch (RoutingException e) {
            keepTombstonesOfUnrestored(purged, name);
            throw translate(e, "restore " + name);
        } catch (StoreException e) {
            keepTombstonesOfUnrestored(purged, name);
            throw translate(e);
        } catch (RuntimeException e) {
            keepTombstonesOfUnrestored(purged, name);
            throw e;
        }
        return view(last);
    }

    /** After a failed restore, the purged versions it did not bring back are purged again. */
    private void keepTombstonesOfUnrestored(List<String> purged, String name) {
        for (String id : purged) {
            if (store.versionById(id).isEmpty()) {
                store.rememberPurge(id, name);
            }
        }
    }

    /** HMAC under the pool MAC key, computed in a node, of a manager document. */
    private byte[] domainMac(byte[] document) {
        var request = org.hsmpool.nodeapi.v1.DomainMacRequest.newBuilder().setPurpose(KeyBackups.PURPOSE)
                .setData(ByteString.copyFrom(document)).build();
        try {
            return router.callHedged(0, "domain MAC", s -> s.domainMac(request)).getMac().toByteArray();
        } catch (RoutingException e) {
            throw translate(e, "backup");
        }
    }

    @Override
    public ManagedKey get(String name, String version) {
        return view(resolve(name, version));
    }

    @Override
    public KeyEvidence attest(String name, String version) {
        KeyVersion v = resolve(name, version);
        var reply = call(v, "attest", s -> s.attestKey(KeyRequest.newBuilder().setKeyId(v.versionId()).build()));
        return new KeyEvidence(view(v), reply.getDocument().toByteArray(),
                reply.getCertificateChainList().stream().map(ByteString::toByteArray).toList());
    }

    @Override
    public Page<ManagedKey> list(String continuation, int maxResults) {
        requireActivated();
        try {
            Page<KeyVersion> page = store.listKeys(continuation, maxResults);
            return new Page<>(page.items().stream().map(this::view).toList(), page.continuation());
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public Page<ManagedKey> listVersions(String name, String continuation, int maxResults) {
        requireActivated();
        try {
            Page<KeyVersion> page = store.listVersions(name, continuation, maxResults);
            return new Page<>(page.items().stream().map(this::view).toList(), page.continuation());
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public Page<Deleted> listDeleted(String continuation, int maxResults) {
        requireActivated();
        try {
            Page<DeletedKey> page = store.listDeletedKeys(continuation, maxResults);
            return new Page<>(page.items().stream().map(this::deleted).toList(), page.continuation());
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public ManagedKey update(String name, String version, KeyUpdate update) {
        KeyVersion current = resolve(name, version);
        KeyProperties was = current.properties();
        List<String> ops = KeyOperations.checked(current.keyType(),
                update.keyOps() == null || update.keyOps().isEmpty() ? was.keyOps() : update.keyOps());
        NewKey merged = new NewKey(current.keyType(), null, null, null, ops,
                update.enabled() == null ? was.enabled() : update.enabled(),
                update.notBefore() == null ? was.notBefore() : update.notBefore(),
                update.expires() == null ? was.expires() : update.expires(),
                update.tags() == null ? was.tags() : update.tags());
        KeyProperties next = properties(merged, ops);
        try {
            store.updateKeyProperties(name, current.versionId(), next, Instant.now(), new byte[0]);
            return view(store.keyVersion(name, current.versionId()).orElseThrow(
                    () -> KeyVaultException.keyNotFound("A key with (name/version) " + name + "/"
                            + current.versionId() + " was not found in this pool")));
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public CompletionStage<Result> sign(String name, String version, String algorithm, byte[] digest) {
        KeyVersion v = usable(name, version, "sign", false);
        SignRequest request = SignRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.signAlgorithm(algorithm)).setDigest(ByteString.copyFrom(digest)).build();
        return this.<SignReply, Result>call(v, "sign", (s, answer) -> s.sign(request, answer),
                reply -> new Result(v.versionId(), reply.getSignature().toByteArray()));
    }

    @Override
    public CompletionStage<Boolean> verify(String name, String version, String algorithm, byte[] digest,
            byte[] signature) {
        KeyVersion v = usable(name, version, "verify", true);
        VerifyRequest request = VerifyRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.signAlgorithm(algorithm)).setDigest(ByteString.copyFrom(digest))
                .setSignature(ByteString.copyFrom(signature)).build();
        return this.<VerifyReply, Boolean>call(v, "verify", (s, answer) -> s.verify(request, answer), reply -> reply.getValid());
    }

    @Override
    public CompletionStage<Encrypted> encrypt(String name, String version, String algorithm, byte[] plaintext,
            byte[] iv, byte[] aad) {
        KeyVersion v = usable(name, version, "encrypt", false);
        EncryptRequest request = EncryptRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setPlaintext(ByteString.copyFrom(plaintext))
                .setIv(bytes(iv)).setAad(bytes(aad)).build();
        return this.<EncryptReply, Encrypted>call(v, "encrypt", (s, answer) -> s.encrypt(request, answer),
                reply -> new Encrypted(v.versionId(), reply.getCiphertext().toByteArray(), reply.getIv().toByteArray(),
                        reply.getTag().toByteArray()));
    }

    @Override
    public CompletionStage<Result> decrypt(String name, String version, String algorithm, byte[] ciphertext,
            byte[] iv, byte[] aad, byte[] tag) {
        KeyVersion v = usable(name, version, "decrypt", true);
        DecryptRequest request = DecryptRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setCiphertext(ByteString.copyFrom(ciphertext))
                .setIv(bytes(iv)).setAad(bytes(aad)).setTag(bytes(tag)).build();
        return this.<DecryptReply, Result>call(v, "decrypt", (s, answer) -> s.decrypt(request, answer),
                reply -> new Result(v.versionId(), reply.getPlaintext().toByteArray()));
    }

    @Override
    public CompletionStage<Result> wrapKey(String name, String version, String algorithm, byte[] key) {
        KeyVersion v = usable(name, version, "wrapKey", false);
        WrapKeyRequest request = WrapKeyRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setKey(ByteString.copyFrom(key)).build();
        return this.<WrapKeyReply, Result>call(v, "wrapKey", (s, answer) -> s.wrapKey(request, answer),
                reply -> new Result(v.versionId(), reply.getWrapped().toByteArray()));
    }

    @Override
    public CompletionStage<Result> unwrapKey(String name, String version, String algorithm, byte[] wrapped) {
        KeyVersion v = usable(name, version, "unwrapKey", true);
        UnwrapKeyRequest request = UnwrapKeyRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setWrapped(ByteString.copyFrom(wrapped))
                .build();
        return this.<UnwrapKeyReply, Result>call(v, "unwrapKey", (s, answer) -> s.unwrapKey(request, answer),
                reply -> new Result(v.versionId(), reply.getKey().toByteArray()));
    }

    @Override
    public byte[] random(int count) {
        requireActivated();
        if (count < 1 || count > 128) {
            throw KeyVaultException.badParameter("count must be 1..128, got " + count);
        }
        try {
            return router.callHedged(0, "random", s -> s.random(RandomRequest.newBuilder().setCount(count).build()))
                    .getBytes().toByteArray();
        } catch (RoutingException e) {
            throw translate(e, "random");
        }
    }

    @Override
    public RotationPolicy getRotationPolicy(String name) {
        resolve(name, null);
        try {
            return store.rotationPolicy(name).map(PoolKeyService::policy).orElse(RotationPolicy.DEFAULT);
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public RotationPolicy putRotationPolicy(String name, RotationPolicy policy) {
        resolve(name, null);
        RotationPolicy checked = policy.lifetimeActions().isEmpty()
                ? new RotationPolicy(RotationPolicy.DEFAULT.lifetimeActions(), policy.expiryTime(), null, null)
                : policy;
        rotationPolicies.check(checked);
        try {
            return policy(store.putRotationPolicy(name, RotationPolicies.toJson(checked), Instant.now()));
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    private static RotationPolicy policy(KeyRotationPolicy stored) {
        return RotationPolicies.fromJson(stored.policyJson(), stored.created(), stored.updated());
    }

    @Override
    public ManagedKey rotate(String name) {
        KeyVersion latest = resolve(name, null);
        Instant expires = store.rotationPolicy(name).map(PoolKeyService::policy)
                .map(p -> p.expiryFrom(Instant.now())).orElse(null);
        NewKey same = new NewKey(latest.keyType(), null, null, null, latest.properties().keyOps(), true, null, expires,
                latest.properties().tags());
        KeySpec spec = specOf(latest);
        GenerateKeyRequest.Builder request = GenerateKeyRequest.newBuilder().setKeyId(newVersionId()).setSpec(spec);
        same.keyOps().forEach(op -> request.addOps(KeyOperations.op(op)));
        KeyProperties properties = properties(same, same.keyOps());
        Instant now = Instant.now();
        try {
            return view(replicator.generate(request.build(), material -> new NewKeyVersion(name, material.getKeyId(),
                    latest.keyType(), publicJwk(latest.keyType(), material), material.getWrappedKey().toByteArray(),
                    properties, false, now, now)));
        } catch (RoutingException e) {
            throw translate(e, "rotate " + name);
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    @Override
    public Deleted delete(String name) {
        requireActivated();
        Instant now = Instant.now();
        try {
            store.deleteKey(name, now, now.plus(java.time.Duration.ofDays(retentionDays)),
                    newVersionId(), new byte[0]);
        } catch (StoreException e) {
            throw e.code() == StoreException.Code.NOT_FOUND
                    ? KeyVaultException.keyNotFound("A key with name " + name + " was not found in this pool")
                    : translate(e);
        }
        return getDeleted(name);
    }

    @Override
    public Deleted getDeleted(String name) {
        requireActivated();
        return deleted(store.deletedKey(name).orElseThrow(
                () -> KeyVaultException.keyNotFound("A deleted key with name " + name + " was not found in this pool")));
    }

    private Deleted deleted(DeletedKey deleted) {
        return new Deleted(deleted.name(), deleted.deletedAt(), deleted.scheduledPurgeAt(),
                view(deleted.latest()));
    }

    @Override
    public ManagedKey recover(String name) {
        requireActivated();
        try {
            store.recoverKey(name, new byte[0]);
        } catch (StoreException e) {
            throw e.code() == StoreException.Code.NOT_FOUND
                    ? KeyVaultException.keyNotFound("A deleted key with name " + name + " was not found in this pool")
                    : translate(e);
        }
        return get(name, null);
    }

    @Override
    public void purge(String name) {
        requireActivated();
        long before = store.logHead();
        try {
            store.purgeKey(name, new byte[0]);
        } catch (StoreException e) {
            throw e.code() == StoreException.Code.NOT_FOUND
                    ? KeyVaultException.keyNotFound("A deleted key with name " + name + " was not found in this pool")
                    : translate(e);
        }
        replicator.applyAfter(before);
    }

    /** The type and size of a version, as a node that holds it reports them (the store keeps no size). */
    private KeySpec specOf(KeyVersion version) {
        return call(version, "describe", s -> s.describeKey(org.hsmpool.nodeapi.v1.KeyRequest.newBuilder()
                .setKeyId(version.versionId()).build())).getSpec();
    }

    // -------------------------------------------------------------------------------------------

    private void requireActivated() {
        PoolState state = store.pool().orElseThrow().state();
        if (state != PoolState.Activated) {
            throw KeyVaultException.forbidden("Forbidden", "the pool is " + state
                    + ": activate it by downloading the security domain (POST /securitydomain/download) first");
        }
    }

    private KeyVersion resolve(String name, String version) {
        requireActivated();
        try {
            var found = version == null || version.isEmpty() ? store.latestVersion(name)
                    : store.keyVersion(name, version);
            return found.orElseThrow(() -> KeyVaultException.keyNotFound("A key with (name/version) " + name
                    + (version == null || version.isEmpty() ? "" : "/" + version) + " was not found in this pool"));
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    /** The version, if its attributes allow {@code op} now. */
    private KeyVersion usable(String name, String version, String op, boolean allowedOutsideWindow) {
        KeyVersion v = resolve(name, version);
        KeyProperties p = v.properties();
        if (!p.enabled()) {
            throw KeyVaultException.forbidden("KeyDisabled", "Operation " + op + " is not allowed on a disabled key");
        }
        Instant now = Instant.now();
        boolean inWindow = (p.notBefore() == null || !now.isBefore(p.notBefore()))
                && (p.expires() == null || now.isBefore(p.expires()));
        if (!inWindow && !allowedOutsideWindow) {
            throw KeyVaultException.forbidden("Forbidden", "Operation " + op
                    + " is not allowed outside the key's nbf..exp validity period");
        }
        if (!p.keyOps().contains(op)) {
            throw KeyVaultException.forbidden("Forbidden", "Operation " + op + " is not permitted by the key's key_ops "
                    + p.keyOps());
        }
        return v;
    }

    /** A read of a version in a token (attest, describe): changes nothing, so it may be hedged. */
    private <T> T call(KeyVersion v, String what, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        try {
            return router.callHedged(v.seq(), what, body);
        } catch (RoutingException e) {
            throw translate(e, what);
        }
    }

    /** A node call that does not wait: the stage fails with the KeyVaultException the client hears. */
    private <T, R> CompletionStage<R> call(KeyVersion v, String what,
            BiConsumer<HsmNodeGrpc.HsmNodeStub, StreamObserver<T>> body, Function<T, R> answer) {
        CompletableFuture<R> result = new CompletableFuture<>();
        router.callAsync(v.seq(), what, body).whenComplete((reply, failure) -> {
            if (failure == null) {
                result.complete(answer.apply(reply));
                return;
            }
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            result.completeExceptionally(cause instanceof RoutingException e ? translate(e, what) : cause);
        });
        return result;
    }

    public static KeyVaultException translate(RoutingException e, String what) {
        if (e.noNodeAvailable()) {
            return KeyVaultException.unavailable("no node of the pool can serve " + what + " right now", 1);
        }
        NodeError error = e.error();
        return switch (error.getReason()) {
            case BAD_REQUEST, INTEGRITY -> KeyVaultException.badParameter(error.getMessage());
            case KEY_EXISTS -> KeyVaultException.conflict(error.getMessage());
            case KEY_USAGE -> KeyVaultException.forbidden("Forbidden", error.getMessage());
            case UNAVAILABLE, KEY_NOT_FOUND ->
                KeyVaultException.unavailable("no node of the pool can serve " + what + " right now", 1);
            case TOKEN_ERROR -> {
                // the token refused for its own reasons (not the request's): the client may try again
                LOG.warnf("%s: the HSM refused (%s): %s", what, error.getCkr(), error.getMessage());
                yield KeyVaultException.unavailable("the HSM could not complete " + what + " ("
                        + (error.getCkr().isEmpty() ? "token error" : error.getCkr()) + "); try again", 1);
            }
            default -> new KeyVaultException(500, "InternalError", what + " failed in the HSM", null, e);
        };
    }

    private static KeyVaultException translate(StoreException e) {
        return switch (e.code()) {
            case INVALID_ARGUMENT -> KeyVaultException.badParameter(e.getMessage());
            case NOT_FOUND -> KeyVaultException.keyNotFound(e.getMessage());
            case CONFLICT, NAME_DELETED, STATE_MISMATCH, PURGED -> KeyVaultException.conflict(e.getMessage());
            case UNAVAILABLE -> KeyVaultException.unavailable("the pool store is busy; try again", 1);
            // only leader-only work is fenced; should a request ever meet it, another manager leads now
            case FENCED -> KeyVaultException.unavailable("another pool manager leads now; try again", 1);
            default -> new KeyVaultException(500, "InternalError", "the pool store failed", null, e);
        };
    }

    private static KeySpec spec(String keyType, NewKey key) {
        KeySpec.Builder spec = KeySpec.newBuilder().setType(KeyOperations.nodeType(keyType));
        switch (keyType) {
            case "RSA-HSM" -> {
                int size = key.size() == null ? 2048 : key.size();
                if (size != 2048 && size != 3072 && size != 4096) {
                    throw KeyVaultException.badParameter("key_size for RSA-HSM must be 2048, 3072 or 4096");
                }
                if (key.publicExponent() != null && key.publicExponent() != 0 && key.publicExponent() != 65537) {
                    throw KeyVaultException.badParameter("public_exponent must be 65537 (or 0, meaning 65537)");
                }
                spec.setSize(size);
            }
            case "EC-HSM" -> {
                if (key.size() != null) {
                    throw KeyVaultException.badParameter("key_size is not used with EC-HSM keys: give crv");
                }
                spec.setCurve(KeyOperations.curve(key.curve()));
            }
            default -> {
                int size = key.size() == null ? 256 : key.size();
                if (size != 128 && size != 192 && size != 256) {
                    throw KeyVaultException.badParameter("key_size for oct-HSM must be 128, 192 or 256");
                }
                spec.setSize(size);
            }
        }
        return spec.build();
    }

    private static KeyProperties properties(NewKey key, List<String> ops) {
        if (key.notBefore() != null && key.expires() != null && !key.notBefore().isBefore(key.expires())) {
            throw KeyVaultException.badParameter("nbf must be before exp");
        }
        try {
            return new KeyProperties(key.enabled() == null || key.enabled(), key.notBefore(), key.expires(),
                    new ArrayList<>(ops), key.tags() == null ? Map.of() : key.tags());
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    static String publicJwk(String keyType, KeyMaterial material) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", keyType);
        var pub = material.getPublicKey();
        if (material.getSpec().getType() == KeyType.RSA) {
            jwk.put("n", B64URL.encodeToString(pub.getN().toByteArray()));
            jwk.put("e", B64URL.encodeToString(pub.getE().toByteArray()));
        } else if (material.getSpec().getType() == KeyType.EC) {
            jwk.put("crv", KeyOperations.curveName(material.getSpec().getCurve()));
            jwk.put("x", B64URL.encodeToString(pub.getX().toByteArray()));
            jwk.put("y", B64URL.encodeToString(pub.getY().toByteArray()));
        } else {
            return null;
        }
        try {
            return JSON.writeValueAsString(jwk);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ManagedKey view(KeyVersion v) {
        Map<String, Object> jwk;
        try {
            jwk = v.publicJwk() == null ? new LinkedHashMap<>(Map.of("kty", v.keyType()))
                    : JSON.readValue(v.publicJwk(), new TypeReference<LinkedHashMap<String, Object>>() {
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JWK of " + v.versionId() + " is not JSON", e);
        }
        KeyProperties p = v.properties();
        return new ManagedKey(v.name(), v.versionId(), v.keyType(), jwk, p.keyOps(), p.enabled(), p.notBefore(),
                p.expires(), v.created(), v.updated(),
                retentionDays == MAX_RETENTION_DAYS ? "Recoverable+Purgeable" : "CustomizedRecoverable+Purgeable",
                retentionDays, p.tags(),
                v.managed());
    }

    private static String newVersionId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
    }
}
