/**
 * Who is calling. {@link org.hsmpool.pool.auth.BearerTokenFilter} checks the
 * {@code Authorization: Bearer} header before the request is matched or its body read, answers
 * with the Key Vault 401 {@link org.hsmpool.pool.auth.Challenge} when it is missing or wrong, and
 * otherwise puts the caller's {@link org.hsmpool.pool.auth.Principal} into the request for RBAC.
 * Tokens come from the {@link org.hsmpool.pool.auth.TokenFile} (a stand-in until the identity issue
 * brings a token service), are compared in constant time and are never logged.
 */
package org.hsmpool.pool.auth;
