package org.hsmpool.cli.sd;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.hsmpool.cli.common.InputFile;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.sd.Pem;
import org.hsmpool.sd.SecurityDomainBlob;
import org.hsmpool.sd.SecurityDomainException;
import org.hsmpool.sd.TransferKey;

/**
 * Reads the public files the {@code sd} commands take (a blob, a transfer key, an administrator
 * certificate) into the library's values, with messages that name the file and say what to do.
 * The library's own message names the field at fault; it never holds secret bytes.
 */
final class DomainFiles {

    private DomainFiles() {
    }

    /** A blob file: the blob as its bytes were, and the creating node's attestation when the file has one. */
    record BlobFile(SecurityDomainBlob blob, String blobJson, Object attestation) {
    }

    static SecurityDomainBlob blob(Path file) {
        return blobFile(file).blob();
    }

    /**
     * The blob in {@code file}: the blob itself, or the pool's whole answer to
     * {@code POST /securitydomain/download} ({@code {"value":"<blob>","hsmpool_attestation":{...}}}).
     */
    static BlobFile blobFile(Path file) {
        String json = InputFile.readText(file, "the blob");
        Object attestation = null;
        try {
            java.util.Map<String, Object> outer = com.nimbusds.jose.util.JSONObjectUtils.parse(json);
            if (outer.get("value") instanceof String inner && !outer.containsKey("format")) {
                json = inner;
                attestation = outer.get(org.hsmpool.nodeapi.pki.ActivationAttestation.MEMBER);
            }
        } catch (java.text.ParseException notJson) {
            // SecurityDomainBlob.parse says what is wrong with it
        }
        try {
            return new BlobFile(SecurityDomainBlob.parse(json), json, attestation);
        } catch (SecurityDomainException e) {
            String todo = switch (e.reason()) {
                case UNSUPPORTED_VERSION -> "this hsmpool reads version " + SecurityDomainBlob.VERSION
                        + "; use the hsmpool release that matches the pool";
                case TAMPERED -> "the file was altered; use an unaltered copy of the blob the pool returned at activation";
                default -> "give the security-domain blob the pool returned at activation, unchanged";
            };
            throw new UserError("the blob " + file + " is not a valid security-domain blob: " + e.getMessage() + "; " + todo);
        }
    }

    /** The node of the pool CA in {@code poolCaFile} that attested the blob, or a refusal saying why not. */
    static org.hsmpool.nodeapi.pki.PoolIdentity activatingNode(Path file, BlobFile blob, Path poolCaFile) {
        java.util.List<X509Certificate> poolCa = poolCa(poolCaFile);
        if (blob.attestation() == null) {
            throw new UserError("REFUSED: " + file + " carries no node attestation (keep the pool's whole answer to POST "
                    + "/securitydomain/download, with its hsmpool_attestation member), so nothing shows that a node of the "
                    + "pool made this split");
        }
        try {
            return org.hsmpool.nodeapi.pki.ActivationAttestation.fromJson(blob.attestation())
                    .verify(blob.blobJson(), poolCa);
        } catch (java.security.GeneralSecurityException e) {
            throw new UserError("REFUSED: the security domain in " + file + " is not attested by a node of the pool CA "
                    + poolCaFile + ": " + e.getMessage());
        }
    }

    static java.util.List<X509Certificate> poolCa(Path poolCaFile) {
        java.util.List<X509Certificate> poolCa;
        try {
            poolCa = org.hsmpool.nodeapi.pki.Pem.readCertificates(poolCaFile);
        } catch (java.io.IOException | RuntimeException e) {
            throw new UserError("the pool CA file " + poolCaFile + " cannot be read as PEM certificates: "
                    + e.getMessage());
        }
        if (poolCa.isEmpty()) {
            throw new UserError("the pool CA file " + poolCaFile + " holds no certificate");
        }
        return poolCa;
    }

    /**
     * The transfer key's JWK as the file holds it: the file itself, or its {@code transfer_key}
     * member when it is the pool's whole answer to {@code GET /securitydomain/upload}.
     */
    static java.util.Map<String, Object> transferKeyJwk(Path file) {
        String text = InputFile.readText(file, "the transfer key");
        try {
            java.util.Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(text);
            return json.get("transfer_key") instanceof java.util.Map<?, ?> inner && !json.containsKey("kty")
                    ? com.nimbusds.jose.util.JSONObjectUtils.parse(com.nimbusds.jose.util.JSONObjectUtils
                            .toJSONString(castMap(inner)))
                    : json;
        } catch (java.text.ParseException e) {
            throw new UserError("the transfer key " + file + " is not a valid transfer key: not a valid JWK: "
                    + e.getMessage() + "; get it again from the new pool (GET /securitydomain/upload) and pass that "
                    + "JWK file unchanged");
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> castMap(java.util.Map<?, ?> m) {
        return (java.util.Map<String, Object>) m;
    }

    /**
     * The node of the pool CA in {@code poolCaFile} that attested the transfer key; a UserError when
     * no node of that CA did (a key a manager made up, or another pool's).
     */
    static org.hsmpool.nodeapi.pki.PoolIdentity attestingNode(Path file, TransferKey key, Path poolCaFile) {
        return attestingNode("the transfer key " + file, transferKeyJwk(file), key, poolCaFile);
    }

    /** The same for a key that {@code what} names (e.g. "the drill key"), as its JWK. */
    static org.hsmpool.nodeapi.pki.PoolIdentity attestingNode(String what, java.util.Map<String, Object> jwk, TransferKey key,
            Path poolCaFile) {
        java.util.List<X509Certificate> poolCa = poolCa(poolCaFile);
        Object member = jwk.get(org.hsmpool.nodeapi.pki.TransferKeyAttestation.JWK_MEMBER);
        if (member == null) {
            throw new UserError("REFUSED: " + what + " carries no node attestation, so nothing shows "
                    + "that a node of the pool holds it; do not re-encrypt your share to it");
        }
        try {
            return org.hsmpool.nodeapi.pki.TransferKeyAttestation.fromJson(member)
                    .verify(key.certificate().getEncoded(), poolCa);
        } catch (java.security.GeneralSecurityException e) {
            throw new UserError("REFUSED: " + what + " is not attested by a node of the pool CA "
                    + poolCaFile + ": " + e.getMessage() + "; do not re-encrypt your share to it");
        }
    }

    static TransferKey transferKey(Path file) {
        return transferKey("the transfer key " + file, transferKeyJwk(file));
    }

    static TransferKey transferKey(String what, java.util.Map<String, Object> jwk) {
        try {
            return TransferKey.parse(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(jwk));
        } catch (SecurityDomainException e) {
            throw new UserError(what + " is not a valid transfer key: " + e.getMessage()
                    + "; get it again from the pool (GET /securitydomain/upload) and pass that JWK file unchanged");
        }
    }

    static String certificatePem(Path file) {
        return InputFile.readText(file, "the certificate");
    }

    static X509Certificate certificate(Path file, String pem) {
        try {
            return Pem.readCertificate(pem);
        } catch (SecurityDomainException e) {
            throw new UserError("the certificate " + file + " is not a PEM certificate: " + e.getMessage()
                    + "; give the .crt file that admin-keygen wrote");
        }
    }
}
