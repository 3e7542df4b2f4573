package org.hsmpool.node.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hsmpool.node.token.Pkcs11Token;
import org.hsmpool.node.token.TokenConfig;

/**
 * Logs in to one token in a JVM of its own (SoftHSM2 reads SOFTHSM2_CONF once per process), with the
 * PIN read from a file: exit 0 when the login works, 2 when it does not.
 *
 * <pre>TokenLogin LIBRARY LABEL PIN-FILE</pre>
 */
public final class TokenLogin {
    private TokenLogin() {
    }

    public static void main(String[] args) throws Exception {
        char[] pin = Files.readString(Path.of(args[2])).trim().toCharArray();
        try (Pkcs11Token token = Pkcs11Token.open(TokenConfig.of(args[0], args[1], pin))) {
            System.out.println("logged in to " + token.info().label());
        } catch (RuntimeException e) {
            System.out.println("login failed: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
