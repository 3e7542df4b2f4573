/**
 * The raw side: the benchmark's operations straight against one SoftHSM2 token through the node's
 * {@code Token} seam and {@code KeyCrypto} (the same code a node runs, without gRPC, TLS or the
 * manager). {@link org.hsmpool.bench.raw.RawWorker} is a worker process that opens the token and
 * runs rounds on command; {@link org.hsmpool.bench.raw.RawSide} starts one or more of them on the
 * same token, because SoftHSM2 serialises inside a process and scales with processes.
 */
package org.hsmpool.bench.raw;
