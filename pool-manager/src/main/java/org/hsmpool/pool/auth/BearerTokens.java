package org.hsmpool.pool.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable table of accepted bearer tokens, parsed from the token file's text: one
 * {@code <principal> <token>} per line, blank lines and {@code #} comments ignored. Its principals
 * are the pool's own: no {@link ExternalIssuer#SEPARATOR} in them. Only SHA-256
 * digests of the tokens are kept, and a presented token is compared against every entry with
 * {@link MessageDigest#isEqual} without stopping at the first match, so that the time taken says
 * nothing about which token, or how much of one, matched. Problems are reported by line number only:
 * neither they nor anything else here ever contains token text.
 */
public final class BearerTokens {
    /** Tokens shorter than this are refused: they could be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;
    /** RFC 6750 {@code b64token}: what a token may look like in an Authorization header. */
    private static final Pattern TOKEN_SYNTAX = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern FIELDS = Pattern.compile("\\s+");

    private record Entry(byte[] digest, Principal principal) {
    }

    private final List<Entry> entries;
    private final List<String> problems;

    private BearerTokens(List<Entry> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /** A table that accepts nothing. */
    public static BearerTokens none() {
        return new BearerTokens(List.of(), List.of());
    }

    /** Parses the token file's text; lines that are not usable are skipped and listed in {@link #problems()}. */
    public static BearerTokens parse(String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            String[] fields = FIELDS.split(line);
            if (fields.length != 2) {
                problems.add("line " + number + ": expected '<principal> <token>'; line ignored");
                continue;
            }
            String token = fields[1];
            if (token.length() < MIN_TOKEN_LENGTH) {
                problems.add("line " + number + ": the token is shorter than " + MIN_TOKEN_LENGTH
                        + " characters; line ignored");
                continue;
            }
            if (!TOKEN_SYNTAX.matcher(token).matches()) {
                problems.add("line " + number + ": the token has characters a bearer token cannot carry "
                        + "(allowed: letters, digits, - . _ ~ + / and trailing =); line ignored");
                continue;
            }
            if (fields[0].indexOf(ExternalIssuer.SEPARATOR) >= 0 || fields[0].length() > 256) {
                problems.add("line " + number + ": the principal has a '" + ExternalIssuer.SEPARATOR + "' (kept for "
                        + "the principals of external issuers) or more than 256 characters; line ignored");
                continue;
            }
            byte[] digest = sha256(token);
            if (entries.stream().anyMatch(e -> MessageDigest.isEqual(e.digest(), digest))) {
                problems.add("line " + number + ": the same token is already given on an earlier line; line ignored");
                continue;
            }
            entries.add(new Entry(digest, new Principal(fields[0])));
        }
        return new BearerTokens(entries, problems);
    }

    /** The principal whose token this is, or empty. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        Principal found = null;
        for (Entry entry : entries) {
            // no early exit: every entry costs the same whether or not an earlier one matched
            boolean match = MessageDigest.isEqual(entry.digest(), presented);
            if (match && found == null) {
                found = entry.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many tokens are accepted. */
    public int size() {
        return entries.size();
    }

    /** What was wrong with the lines that were skipped, by line number (never token text). */
    public List<String> problems() {
        return problems;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
