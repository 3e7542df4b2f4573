package org.hsmpool.cli.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a small UTF-8 text file that a command was given, turning every way it can fail into a
 * {@link UserError} that names the file and its role ("the blob", "the transfer key").
 */
public final class InputFile {

    /** Larger than any key, certificate or blob this tool reads (a blob is at most 256 KiB). */
    public static final int MAX_BYTES = 1 << 20;

    private InputFile() {
    }

    /** The whole file as text; {@code role} names it in errors. */
    public static String readText(Path file, String role) {
        byte[] bytes = readBytes(file, role);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UserError(role + " " + file + " is not UTF-8 text; give the file itself, not a binary or re-encoded copy");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The file's bytes; the caller zeroes them when they are secret. */
    public static byte[] readBytes(Path file, String role) {
        if (Files.isDirectory(file)) {
            throw new UserError(role + " " + file + " is a directory; give the file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                Arrays.fill(bytes, (byte) 0);
                throw new UserError(role + " " + file + " is larger than " + (MAX_BYTES >> 10)
                        + " KiB, so it is not what this command expects; check the file name");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new UserError(role + " " + file + " does not exist; check the path");
        } catch (AccessDeniedException e) {
            throw new UserError(role + " " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new UserError(role + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
