/**
 * The security domain of a pool, as pure values and functions: the master secret {@code S} and the
 * keys derived from it, the Shamir split of {@code S} between administrators, the JWE envelopes
 * that carry each share to one administrator or to a node's transfer key, the versioned blob that
 * an activation returns, and the administrators' own key files.
 *
 * <p>Nothing here talks to a token, a network or a log. {@code S} is only ever handled by
 * {@link org.hsmpool.sd.SecurityDomain#create} and {@link org.hsmpool.sd.SecurityDomain#restore},
 * which hsm-node calls inside the trust boundary; the admin-side helpers
 * ({@link org.hsmpool.sd.ShareEnvelope#reencryptForTransferKey}) touch one share at a time and never
 * recombine. Every failure is a {@link org.hsmpool.sd.SecurityDomainException} with a stable
 * {@link org.hsmpool.sd.SecurityDomainException.Reason}; no message carries secret bytes.
 *
 * <p>docs/security-domain.md describes the blob, the KDF labels and the JWE headers field by field.
 */
package org.hsmpool.sd;
