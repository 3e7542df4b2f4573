package org.hsmpool.pool.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hsmpool.nodeapi.v1.AuditStatement;
import org.hsmpool.nodeapi.v1.SealAuditRequest;
import org.hsmpool.nodeapi.audit.AuditLines;
import org.hsmpool.nodeapi.provision.OwnerOnly;
import org.hsmpool.pool.config.PoolConfig;
import org.hsmpool.pool.leader.Leadership;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.store.AuditHead;
import org.hsmpool.pool.store.PoolState;
import org.hsmpool.pool.store.PoolStore;
import org.jboss.logging.Logger;


import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The audit file: records appended as JSON lines in one chain ({@link AuditChain}), continued
 * across restarts from the file's last line. After {@code seal-every} records or
 * {@code seal-interval}, whichever first, a seal record is appended: a statement signed by a node
 * (SealAudit) over the seal's number, the previous record's hash and the node's own token-held seal
 * counter and previous seal ({@link AuditStatements}); the file is forced to disk and the store's
 * audit head moves to the seal. Records before activation are chained and sealed once the pool is
 * activated. Files of earlier versions hold format-1 seals (a MAC under H), which
 * {@code POST /hsmpool/audit/seals} still checks.
 *
 * <p>Each manager seals its own file. The store's audit head is one row for the pool, so only the
 * leader moves it, fenced by its epoch ({@link Leadership}); one chain per manager with a head each
 * is the rest of issue 15.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final Logger EXPORT = Logger.getLogger("hsmpool.audit");

    private final PoolStore store;
    private final NodeRouter router;
    private final Leadership leadership;
    private final Path file;
    private final boolean stdout;
    private final int sealEvery;
    private final long sealIntervalMillis;
    private FileChannel channel;
    private long seq;
    private String last = AuditLines.GENESIS;
    private int sinceSeal;
    private volatile ScheduledExecutorService sealer;

    public AuditLog(PoolStore store, NodeRouter router, Leadership leadership, PoolConfig config) {
        this.store = store;
        this.router = router;
        this.leadership = leadership;
        this.file = config.audit().file().orElse(config.store().toAbsolutePath().resolveSibling("audit.jsonl"));
        this.stdout = config.audit().stdout();
        this.sealEvery = Math.max(1, config.audit().sealEvery());
        this.sealIntervalMillis = config.audit().sealInterval().toMillis();
    }

    void start(@Observes StartupEvent event) throws IOException {
        open();
        sealer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-sealer");
            t.setDaemon(true);
            return t;
        });
        sealer.scheduleWithFixedDelay(this::sealIfPending, sealIntervalMillis, sealIntervalMillis,
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (sealer != null) {
            sealer.shutdownNow();
        }
        sealIfPending();
        synchronized (this) {
            try {
                if (channel != null) {
                    channel.force(false);
                    channel.close();
                }
            } catch (IOException e) {
                LOG.warnf("closing the audit file %s: %s", file, e.getMessage());
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Continues the chain from the file's last complete line. */
    private synchronized void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        dropPartialLine();
        String lastLine = lastLine(file);
        if (lastLine != null) {
            String hash = AuditLines.statedHash(lastLine);
            var seqMatch = java.util.regex.Pattern.compile("^\\{\"seq\":(\\d+),").matcher(lastLine);
            if (hash == null || !seqMatch.find()) {
                throw new IllegalStateException("the audit file " + file + " does not end with an audit record; "
                        + "move it away (and keep it) to start a new chain");
            }
            seq = Long.parseLong(seqMatch.group(1));
            last = hash;
        }
        // the log names principals and keys: 0600, also when an older version left it world-readable
        OwnerOnly.file(file);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        LOG.infof("audit log %s continues at record %d", file, seq + 1);
    }

    /** Appends one request record; {@code fields} in the order they should appear. */
    public void record(Map<String, Object> fields) {
        boolean sealNow;
        synchronized (this) {
            write(AuditChain.line(seq + 1, last, fields));
            sinceSeal++;
            sealNow = sinceSeal >= sealEvery;
        }
        if (sealNow) {
            // the seal asks a node for a MAC and waits: never on the caller's thread, which may be an
            // event loop or a gRPC I/O thread (the cryptographic calls answer from there)
            ScheduledExecutorService s = sealer;
            if (s != null) {
                try {
                    s.execute(this::sealIfPending);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // shutting down: stop() seals what is pending
                }
            } else {
                sealIfPending();
            }
        }
    }

    /** Seals the records written since the last seal, if the pool can (activated, a node reachable). */
    public void sealIfPending() {
        try {
            if (store.pool().map(p -> p.state() != PoolState.Activated).orElse(true)) {
                return;
            }
            synchronized (this) {
                if (sinceSeal == 0) {
                    return;
                }
                long sealSeq = seq + 1;
                String recordHash = last;
                AuditStatement seal = router.call(0, "audit seal", s -> s.sealAudit(SealAuditRequest.newBuilder()
                        .setSealSeq(sealSeq).setRecordHash(recordHash).build()));
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("time", Instant.now().toString());
                fields.put("type", "seal");
                fields.putAll(AuditStatements.sealFields(seal));
                AuditChain.Line line = AuditChain.line(sealSeq, last, fields);
                write(line);
                channel.force(false);
                sinceSeal = 0;
                leadership.runAsLeader(() -> {
                    AuditHead head = store.auditHead();
                    store.advanceAuditHead(head.seq(), new AuditHead(line.seq(), HexFormat.of().parseHex(line.hash())));
                });
            }
        } catch (RuntimeException | IOException e) {
            LOG.warnf("could not seal the audit chain now, will try again: %s", e.toString());
        }
    }

    private void write(AuditChain.Line line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the audit file " + file + ": " + e.getMessage(), e);
        }
        seq = line.seq();
        last = line.hash();
        if (stdout) {
            EXPORT.info(line.text());
        }
    }

    /**
     * A crash while a line was written leaves it without its newline; its request was never
     * answered. The bytes are kept aside in {@code <file>.partial-<millis>} and the file ends at the
     * last complete line, so the chain continues from there.
     */
    private void dropPartialLine() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long length = f.length();
            f.seek(length - 1);
            if (f.read() == '\n') {
                return;
            }
            long pos = length - 1;
            while (pos >= 0) {
                f.seek(pos);
                if (f.read() == '\n') {
                    break;
                }
                pos--;
            }
            byte[] partial = new byte[(int) (length - pos - 1)];
            f.seek(pos + 1);
            f.readFully(partial);
            Path aside = file.resolveSibling(file.getFileName() + ".partial-" + System.currentTimeMillis());
            Files.write(OwnerOnly.file(aside), partial);
            f.setLength(pos + 1);
            LOG.warnf("the audit file %s ended in a partial line (a crash while writing); kept it in %s", file, aside);
        }
    }

    /** The last complete line of a file, or null for a missing or empty file. */
    static String lastLine(Path path) throws IOException {
        if (!Files.exists(path) || Files.size(path) == 0) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            long end = f.length();
            long pos = end - 1;
            f.seek(pos);
            if (f.read() == '\n') {
                end = pos;
                pos--;
            }
            while (pos >= 0) {
                f.seek(pos);
                if (f.read() == '\n') {
                    break;
                }
                pos--;
            }
            byte[] line = new byte[(int) (end - pos - 1)];
            f.seek(pos + 1);
            f.readFully(line);
            return new String(line, StandardCharsets.UTF_8);
        }
    }
}
