package org.hsmpool.node.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.SignMechanism;
import org.hsmpool.node.token.Token;

/**
 * HMAC-SHA-256 under the pool MAC key H, in the token, for the manager's own integrity-protected
 * documents. The MAC input is {@code "hsmpool domain mac v1" || 0x00 || purpose || 0x00 || data}.
 *
 * <p>Why this can never forge a sealed key: the only other input this node MACs with H is a sealed
 * key's body, a serialised {@code WrappedKeyBody}. (1) Such a body always begins with 0x08 (field 1,
 * {@code format} = 1, which protobuf writes first), this input with 0x68 ('h'), so no input of one
 * kind equals one of the other. (2) More strongly, no string that begins with the prefix parses as a
 * {@code WrappedKeyBody}: read as protobuf, "hs" is field 13 varint 0x73, "m" field 13 fixed32
 * ("pool"), " " field 4 varint 'd', and then 'o' (0x6f) is a tag with wire type 7, which does not
 * exist, so {@link SealedKeys} refuses it as malformed before it checks any MAC.
 * {@code DomainMacTest} keeps both facts true.
 */
public final class DomainMac {
    public static final int MAX_DATA_BYTES = 4 << 20;
    static final byte[] PREFIX = "hsmpool domain mac v1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9-]{1,64}");

    private final Token token;
    private final DomainKeys domain;

    /** A MAC and the domain whose H made it. */
    public record Mac(byte[] mac, byte[] domainId) {
    }

    public DomainMac(Token token, DomainKeys domain) {
        this.token = token;
        this.domain = domain;
    }

    public Mac compute(String purpose, byte[] data) {
        byte[] input = input(purpose, data);
        ObjectId h = domain.macKey(); // NO_DOMAIN without domain keys
        byte[] domainId = domain.domainId().orElseThrow();
        return new Mac(token.sign(h, new SignMechanism.HmacSha256(), input), domainId);
    }

    /** The MAC input, after checking purpose and data size. */
    static byte[] input(String purpose, byte[] data) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw NodeException.badRequest("a MAC purpose is 1..64 characters of [a-z0-9-]");
        }
        if (data.length > MAX_DATA_BYTES) {
            throw NodeException.badRequest("MAC data is at most " + MAX_DATA_BYTES + " bytes, got " + data.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(PREFIX.length + purpose.length() + 2 + data.length);
        out.writeBytes(PREFIX);
        out.write(0);
        out.writeBytes(purpose.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(data);
        return out.toByteArray();
    }
}
