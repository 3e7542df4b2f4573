package org.hsmpool.pool.keys;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.hsmpool.nodeapi.v1.DecryptReply;
import org.hsmpool.nodeapi.v1.DecryptRequest;
import org.hsmpool.nodeapi.v1.EncryptReply;
import org.hsmpool.nodeapi.v1.EncryptRequest;
import org.hsmpool.nodeapi.v1.HsmNodeGrpc;
import org.hsmpool.nodeapi.v1.KeyRequest;
import org.hsmpool.nodeapi.v1.KeySpec;
import org.hsmpool.nodeapi.v1.RandomRequest;
import org.hsmpool.nodeapi.v1.SignAlgorithm;
import org.hsmpool.nodeapi.v1.SignReply;
import org.hsmpool.nodeapi.v1.SignRequest;
import org.hsmpool.nodeapi.v1.UnwrapKeyReply;
import org.hsmpool.nodeapi.v1.UnwrapKeyRequest;
import org.hsmpool.nodeapi.v1.VerifyReply;
import org.hsmpool.nodeapi.v1.VerifyRequest;
import org.hsmpool.nodeapi.v1.WrapKeyReply;
import org.hsmpool.nodeapi.v1.WrapKeyRequest;
import org.hsmpool.pool.keys.KeyService.Encrypted;
import org.hsmpool.pool.keys.KeyService.Result;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.KeyVersion;

import com.google.protobuf.ByteString;

import io.grpc.stub.StreamObserver;

/**
 * The calls that use a key version inside a node: the six cryptographic operations (which do not
 * wait: their stage fails with the KeyException the client hears), random bytes, and the reads
 * of a version in a token (attest, describe), which may be hedged.
 */
final class KeyNodeCalls {
    private final NodeRouter router;
    private final KeyLookup lookup;

    KeyNodeCalls(NodeRouter router, KeyLookup lookup) {
        this.router = router;
        this.lookup = lookup;
    }

    CompletionStage<Result> sign(String name, String version, String algorithm, byte[] digest) {
        KeyVersion v = lookup.usable(name, version, "sign", false);
        SignAlgorithm alg = KeyOperations.signAlgorithm(algorithm);
        SignRequest.Builder request = SignRequest.newBuilder().setKeyId(v.versionId()).setAlgorithm(alg);
        if (MlDsaSignatures.check(v, alg, algorithm, digest)) {
            request.setMessage(ByteString.copyFrom(digest));
        } else {
            request.setDigest(ByteString.copyFrom(digest));
        }
        return this.<SignReply, Result>call(v, "sign", (s, answer) -> s.sign(request.build(), answer),
                reply -> new Result(v.versionId(), reply.getSignature().toByteArray()));
    }

    CompletionStage<Boolean> verify(String name, String version, String algorithm, byte[] digest, byte[] signature) {
        KeyVersion v = lookup.usable(name, version, "verify", true);
        SignAlgorithm alg = KeyOperations.signAlgorithm(algorithm);
        VerifyRequest.Builder request = VerifyRequest.newBuilder().setKeyId(v.versionId()).setAlgorithm(alg)
                .setSignature(ByteString.copyFrom(signature));
        if (MlDsaSignatures.check(v, alg, algorithm, digest)) {
            request.setMessage(ByteString.copyFrom(digest));
        } else {
            request.setDigest(ByteString.copyFrom(digest));
        }
        return this.<VerifyReply, Boolean>call(v, "verify", (s, answer) -> s.verify(request.build(), answer),
                VerifyReply::getValid);
    }

    CompletionStage<Encrypted> encrypt(String name, String version, String algorithm, byte[] plaintext, byte[] iv,
            byte[] aad) {
        KeyVersion v = lookup.usable(name, version, "encrypt", false);
        EncryptRequest request = EncryptRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setPlaintext(ByteString.copyFrom(plaintext))
                .setIv(bytes(iv)).setAad(bytes(aad)).build();
        return this.<EncryptReply, Encrypted>call(v, "encrypt", (s, answer) -> s.encrypt(request, answer),
                reply -> new Encrypted(v.versionId(), reply.getCiphertext().toByteArray(), reply.getIv().toByteArray(),
                        reply.getTag().toByteArray()));
    }

    CompletionStage<Result> decrypt(String name, String version, String algorithm, byte[] ciphertext, byte[] iv,
            byte[] aad, byte[] tag) {
        KeyVersion v = lookup.usable(name, version, "decrypt", true);
        DecryptRequest request = DecryptRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setCiphertext(ByteString.copyFrom(ciphertext))
                .setIv(bytes(iv)).setAad(bytes(aad)).setTag(bytes(tag)).build();
        return this.<DecryptReply, Result>call(v, "decrypt", (s, answer) -> s.decrypt(request, answer),
                reply -> new Result(v.versionId(), reply.getPlaintext().toByteArray()));
    }

    CompletionStage<Result> wrapKey(String name, String version, String algorithm, byte[] key) {
        KeyVersion v = lookup.usable(name, version, "wrapKey", false);
        WrapKeyRequest request = WrapKeyRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setKey(ByteString.copyFrom(key)).build();
        return this.<WrapKeyReply, Result>call(v, "wrapKey", (s, answer) -> s.wrapKey(request, answer),
                reply -> new Result(v.versionId(), reply.getWrapped().toByteArray()));
    }

    CompletionStage<Result> unwrapKey(String name, String version, String algorithm, byte[] wrapped) {
        KeyVersion v = lookup.usable(name, version, "unwrapKey", true);
        UnwrapKeyRequest request = UnwrapKeyRequest.newBuilder().setKeyId(v.versionId())
                .setAlgorithm(KeyOperations.cipherAlgorithm(algorithm)).setWrapped(ByteString.copyFrom(wrapped))
                .build();
        return this.<UnwrapKeyReply, Result>call(v, "unwrapKey", (s, answer) -> s.unwrapKey(request, answer),
                reply -> new Result(v.versionId(), reply.getKey().toByteArray()));
    }

    byte[] random(int count) {
        lookup.requireActivated();
        if (count < 1 || count > 128) {
            throw KeyException.badParameter("count must be 1..128, got " + count);
        }
        try {
            return router.callHedged(0, "random", s -> s.random(RandomRequest.newBuilder().setCount(count).build()))
                    .getBytes().toByteArray();
        } catch (RoutingException e) {
            throw KeyErrors.translate(e, "random");
        }
    }

    KeyEvidence attest(String name, String version) {
        KeyVersion v = lookup.resolve(name, version);
        var reply = read(v, "attest", s -> s.attestKey(KeyRequest.newBuilder().setKeyId(v.versionId()).build()));
        return new KeyEvidence(lookup.view(v), reply.getDocument().toByteArray(),
                reply.getCertificateChainList().stream().map(ByteString::toByteArray).toList());
    }

    /** The type and size of a version, as a node that holds it reports them (the store keeps no size). */
    KeySpec describe(KeyVersion version) {
        return read(version, "describe",
                s -> s.describeKey(KeyRequest.newBuilder().setKeyId(version.versionId()).build())).getSpec();
    }

    /** A read of a version in a token (attest, describe): changes nothing, so it may be hedged. */
    private <T> T read(KeyVersion v, String what, Function<HsmNodeGrpc.HsmNodeBlockingStub, T> body) {
        try {
            return router.callHedged(v.seq(), what, body);
        } catch (RoutingException e) {
            throw KeyErrors.translate(e, what);
        }
    }

    /** A node call that does not wait: the stage fails with the KeyException the client hears. */
    private <T, R> CompletionStage<R> call(KeyVersion v, String what,
            BiConsumer<HsmNodeGrpc.HsmNodeStub, StreamObserver<T>> body, Function<T, R> answer) {
        CompletableFuture<R> result = new CompletableFuture<>();
        router.callAsync(v.seq(), what, body).whenComplete((reply, failure) -> {
            if (failure == null) {
                try {
                    result.complete(answer.apply(reply));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
                return;
            }
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            result.completeExceptionally(cause instanceof RoutingException e ? KeyErrors.translate(e, what) : cause);
        });
        return result;
    }

    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
    }
}
