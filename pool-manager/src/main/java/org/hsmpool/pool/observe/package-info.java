/**
 * What operators watch: Prometheus metrics of the pool ({@link org.hsmpool.pool.observe.PoolMetrics},
 * on top of Quarkus's HTTP server metrics at {@code /q/metrics}), and the health checks behind
 * {@code /q/health/live} and {@code /q/health/ready} ({@link org.hsmpool.pool.observe.PoolReadiness}).
 */
package org.hsmpool.pool.observe;
