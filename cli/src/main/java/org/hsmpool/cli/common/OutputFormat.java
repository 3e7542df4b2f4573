package org.hsmpool.cli.common;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Option;

/**
 * {@code -o text|json} (and {@code --json}, the same as {@code -o json}), mixed into every command.
 * With JSON, a command prints exactly one JSON document on stdout, whose shape docs/cli.md gives, and
 * its human messages go to stderr; failures stay one line on stderr with the documented exit code.
 */
public final class OutputFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How a command prints what it did. */
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: one JSON document on stdout, shape in docs/cli.md")
    Format format = Format.text;

    @Option(names = "--json", description = "the same as -o json")
    boolean json;

    public boolean json() {
        return json || format == Format.json;
    }

    /** Prints {@code document} as pretty JSON on {@code out}, then flushes. */
    public static void print(PrintWriter out, Object document) {
        try {
            out.println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a command's answer cannot be written as JSON", e);
        }
        out.flush();
    }
}
