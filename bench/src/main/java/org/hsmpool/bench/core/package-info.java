/**
 * What both sides of a benchmark share: the {@link org.hsmpool.bench.core.Operation}s measured, a
 * {@link org.hsmpool.bench.core.Side} and its {@link org.hsmpool.bench.core.Target}, the closed-loop
 * {@link org.hsmpool.bench.core.Load}, one {@link org.hsmpool.bench.core.Round} of it, the
 * {@link org.hsmpool.bench.core.Suite} settings and the {@link org.hsmpool.bench.core.Machine}. The
 * root package (the command and its report), {@code raw}, {@code pool} and {@code scale} depend on it;
 * it depends on none of them.
 */
package org.hsmpool.bench.core;
