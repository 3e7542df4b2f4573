package org.hsmpool.cli.sd;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.hsmpool.cli.InputFile;
import org.hsmpool.cli.UserError;
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

    static SecurityDomainBlob blob(Path file) {
        String json = InputFile.readText(file, "the blob");
        try {
            return SecurityDomainBlob.parse(json);
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

    static TransferKey transferKey(Path file) {
        String jwk = InputFile.readText(file, "the transfer key");
        try {
            return TransferKey.parse(jwk);
        } catch (SecurityDomainException e) {
            throw new UserError("the transfer key " + file + " is not a valid transfer key: " + e.getMessage()
                    + "; get it again from the new pool (GET /securitydomain/upload) and pass that JWK file unchanged");
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
