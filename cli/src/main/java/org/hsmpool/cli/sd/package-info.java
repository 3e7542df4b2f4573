/**
 * {@code hsmpool sd}: the security-domain tools an administrator runs on their own machine
 * (DESIGN.md flows 2 and 6). {@code admin-keygen} makes the key pair whose certificate a pool's
 * activation encrypts a share to; {@code share} re-encrypts that administrator's one share to a new
 * pool's transfer key; {@code inspect} shows a blob's public facts. All the cryptography is the
 * {@code security-domain} library's; this package reads files, asks for passphrases, writes files
 * and turns the library's reasons into messages that say what to do.
 *
 * <p>The master secret is never recombined here: {@code share} holds one share, for as long as it
 * takes to re-encrypt it.
 */
package org.hsmpool.cli.sd;
