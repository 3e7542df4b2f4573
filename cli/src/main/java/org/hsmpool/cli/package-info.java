/**
 * The {@code hsmpool} command: {@link org.hsmpool.cli.HsmPool} (the picocli root and {@code main}),
 * what every command group shares (how errors become exit codes and one-line messages, how input
 * files are read and owner-only files written), and {@link org.hsmpool.cli.common.Host}, the few things a
 * command takes from the machine it runs on, so that tests can run every command in-process.
 *
 * <p>One sub-package per command group: {@code pool} (a pool on this machine, through its directory),
 * {@code remote} (talking to any pool over HTTPS: {@code status}, and the connection options every
 * remote command shares), {@code key}, {@code sd}. Command groups talk to a pool only through its
 * public API or its directory, never through another module's internals.
 */
package org.hsmpool.cli;
