package org.hsmpool.cli.key;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;

import com.fasterxml.jackson.databind.JsonNode;

/** Input from a file or standard input, base64url values, and the key's public JWK. */
final class KeyIo {
    /** The most a command reads as input: the pool refuses larger bodies anyway. */
    static final int MAX_INPUT = 16 * 1024 * 1024;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private KeyIo() {
    }

    /** The bytes of {@code file}, or of standard input when it is {@code -}. */
    static byte[] read(Path file) {
        try (InputStream in = file.toString().equals("-") ? System.in : Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_INPUT + 1);
            if (data.length > MAX_INPUT) {
                throw new UserError("the input " + file + " is larger than 16 MiB; sign a digest of it instead");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new UserError("the input file " + file + " does not exist; check the path");
        } catch (IOException e) {
            throw new UserError("the input " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A key name as the pool accepts it, checked before it goes into a URL path. */
    static String name(String name) {
        if (!name.matches("[0-9a-zA-Z-]{1,127}")) {
            throw new UserError("'" + name + "' is not a key name: 1 to 127 letters, digits and '-'");
        }
        return name;
    }

    static String encode(byte[] data) {
        return B64.encodeToString(data);
    }

    static byte[] decode(String what, String value) {
        try {
            return Base64.getUrlDecoder().decode(value.strip().replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new UserError(what + " is not base64url (letters, digits, '-' and '_'); give it as the pool printed it");
        }
    }

    /** The latest version's public JWK of the key {@code name}. */
    static JsonNode publicKey(PoolClient pool, String name) {
        return pool.call("GET", "/keys/" + name, null).path("key");
    }
}
