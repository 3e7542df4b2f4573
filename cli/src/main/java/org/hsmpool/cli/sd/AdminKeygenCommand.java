package org.hsmpool.cli.sd;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.OutputFile;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.sd.AdminKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hsmpool sd admin-keygen}: an administrator's key pair, certificate and encrypted key file. */
@Command(name = "admin-keygen",
        description = {
            "Makes your administrator key pair and certificate.",
            "An RSA-3072 key and a self-signed certificate (CN=NAME, valid 3 years). Writes DIR/NAME.crt,"
                + " which you give to whoever activates the pool, and DIR/NAME.key, the private key encrypted"
                + " under your passphrase (mode 0600), which never leaves your machine. Existing files are"
                + " never replaced."},
        footerHeading = "%nExample:%n",
        footer = {
            "  hsmpool sd admin-keygen --out ~/hsmpool-admin --name alice",
            "  (asks for a new passphrase twice; in a script use --passphrase-file FILE",
            "  or set HSMPOOL_ADMIN_PASSPHRASE)"})
final class AdminKeygenCommand implements Callable<Integer> {

    /** A file name and a certificate common name at once: no path separators, no spaces. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Host host;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write NAME.crt and NAME.key into; made (mode 0700) if missing.")
    Path directory;

    private String name;

    @Mixin
    org.hsmpool.cli.common.OutputFormat output;

    @Mixin
    PassphraseOptions passphrase;

    AdminKeygenCommand(Host host) {
        this.host = host;
    }

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "Your name as an administrator: the certificate's CN and the file names (letters, digits, . _ -).")
    void name(String value) {
        if (!NAME.matcher(value).matches()) {
            throw new ParameterException(spec.commandLine(), "--name must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        name = value;
    }

    @Override
    public Integer call() {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new UserError(directory + " exists and is not a directory; give a directory with --out");
        }
        Path certificateFile = directory.resolve(name + ".crt");
        Path keyFile = directory.resolve(name + ".key");
        for (Path file : new Path[] {certificateFile, keyFile}) {
            if (Files.exists(file)) {
                throw new UserError(file + " already exists; an administrator key is never replaced here (its share would"
                        + " be lost): choose another --name or --out");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        char[] secret = passphrase.forNewKey(host, keyFile);
        AdminKeyPair pair;
        try {
            pair = AdminKeyPair.generate(name, Instant.now(), new SecureRandom());
            String keyPem = pair.privateKeyPem(secret);
            OutputFile.createDirectories(directory);
            OutputFile.write(keyFile, keyPem, OutputFile.OWNER_ONLY, false);
            try {
                OutputFile.write(certificateFile, pair.certificatePem(), OutputFile.PUBLIC, false);
            } catch (UserError e) {
                deleteQuietly(keyFile);
                throw e;
            }
        } finally {
            Arrays.fill(secret, '\0');
        }
        if (output.json()) {
            java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("certificate", certificateFile.toString());
            json.put("key", keyFile.toString());
            json.put("x5t#S256", pair.thumbprint().toString());
            json.put("notAfter", pair.certificate().getNotAfter().toInstant().getEpochSecond());
            org.hsmpool.cli.common.OutputFormat.print(out, json);
            return 0;
        }
        out.println("Wrote " + certificateFile + "  (certificate, give it to whoever activates the pool)");
        out.println("Wrote " + keyFile + "  (private key, encrypted, mode 0600; keep it and its passphrase)");
        out.println("Certificate: CN=" + name + ", x5t#S256 " + pair.thumbprint() + ", valid until "
                + pair.certificate().getNotAfter().toInstant());
        out.println("Next: the pool's activation encrypts one share of its security domain to this certificate;"
                + " keep the blob it returns next to your key.");
        return 0;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
            // the error being reported already says the key pair was not written
        }
    }
}
