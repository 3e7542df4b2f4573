package org.hsmpool.bench.raw;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.bench.core.Load;
import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.core.Target;
import org.hsmpool.node.token.Pkcs11Token;
import org.hsmpool.node.token.TokenConfig;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A worker process of the raw side: opens the token named on its command line (SOFTHSM2_CONF in
 * its environment says where the token lives) and answers commands on standard input, one line
 * each: {@code prepare OP} → {@code ok}; {@code round OP THREADS SECONDS} → one JSON line with the
 * round; {@code quit}. It prints {@code ready} once the token is open and the keys exist.
 */
public final class RawWorker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but the protocol on stdout
        String library = args[0];
        String label = args[1];
        char[] pin = Files.readString(Path.of(args[2])).trim().toCharArray();
        try (Pkcs11Token token = Pkcs11Token.open(TokenConfig.of(library, label, pin))) {
            RawTarget target = new RawTarget(token);
            target.ensureKeys();
            Map<Operation, Target.Call> calls = new EnumMap<>(Operation.class);
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit");) {
                String[] w = line.split(" ");
                try {
                    Operation op = Operation.valueOf(w[1]);
                    if (w[0].equals("prepare")) {
                        calls.put(op, target.prepare(op));
                        out.println("ok");
                    } else {
                        Round r = Load.closed(calls.get(op), Integer.parseInt(w[2]), Double.parseDouble(w[3]));
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("ops", r.ops());
                        m.put("errors", r.errors());
                        m.put("seconds", r.seconds());
                        m.put("histogram", Round.encode(r.latencies()));
                        m.put("error", r.firstError());
                        out.println(JSON.writeValueAsString(m));
                    }
                } catch (RuntimeException e) {
                    out.println("fail " + e.toString().replace('\n', ' '));
                }
            }
        }
    }
}
