/**
 * Talking to a pool over HTTPS, wherever it runs: {@link org.hsmpool.cli.remote.PoolConnection} (the
 * {@code --dir}/{@code --url}/{@code --ca}/{@code --token} options and their environment variables),
 * {@link org.hsmpool.cli.remote.PoolClient} (the JDK HttpClient; failures become one-line messages with
 * the pool's error code and what to do), and {@code hsmpool status}.
 */
package org.hsmpool.cli.remote;
