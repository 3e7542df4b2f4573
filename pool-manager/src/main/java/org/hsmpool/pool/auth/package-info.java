/**
 * Who is calling. {@link org.hsmpool.pool.auth.BearerTokenFilter} checks the
 * {@code Authorization: Bearer} header before the request is matched or its body read, answers
 * with the Key Vault 401 {@link org.hsmpool.pool.auth.Challenge} when it is missing or wrong, and
 * otherwise puts the caller's {@link org.hsmpool.pool.auth.Principal} into the request for RBAC.
 * Tokens are JWTs checked by {@link org.hsmpool.pool.auth.TokenValidator} (the pool's own, or those of
 * configured OpenID Connect issuers), or static tokens of the optional
 * {@link org.hsmpool.pool.auth.TokenFile}; they are never logged. The pool's own token service
 * ({@link org.hsmpool.pool.auth.TokenServiceResource}, at Entra's paths) issues ES256 tokens to
 * {@link org.hsmpool.pool.auth.ServicePrincipals}, signed in the HSM nodes with the
 * {@link org.hsmpool.pool.auth.TokenSigningKey}.
 */
package org.hsmpool.pool.auth;
