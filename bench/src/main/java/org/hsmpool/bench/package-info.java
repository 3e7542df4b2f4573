/**
 * {@code hsmpool bench}: the same Key Vault operations against one raw SoftHSM2 token (through the
 * node's {@code Token} seam, in worker processes) and end to end through local pools of 1, 2 and 3
 * nodes over HTTPS. {@link org.hsmpool.bench.Bench} runs the suite; {@link org.hsmpool.bench.core.Load}
 * drives a target closed-loop or at a fixed rate; {@link org.hsmpool.bench.Report} writes JSON,
 * the markdown table and the ratio line. {@code raw} and {@code pool} hold the two sides, {@code core} what they share.
 */
package org.hsmpool.bench;
