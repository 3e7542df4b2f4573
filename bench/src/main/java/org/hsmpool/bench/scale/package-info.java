/**
 * The scale suite ({@code hsmpool bench --suite scale}, issue 16): one raw token and a 3-node pool
 * grown to given key counts, with create rate, sign latency and a new node's time to HEALTHY at each
 * ({@link org.hsmpool.bench.scale.ScaleRun}); tables and JSON in the work directory only
 * ({@link org.hsmpool.bench.scale.ScaleReport}).
 */
package org.hsmpool.bench.scale;
