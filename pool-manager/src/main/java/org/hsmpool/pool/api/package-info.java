/**
 * The Azure Key Vault / Managed HSM keys API over HTTP, wire-compatible with the Azure SDKs: JAX-RS
 * resources ({@link org.hsmpool.pool.api.KeysResource}, {@link org.hsmpool.pool.api.RandomResource})
 * that take their bodies as records ({@code *Parameters}, bound strictly by
 * {@link org.hsmpool.pool.api.StrictJson} and checked by Bean Validation in
 * {@link org.hsmpool.pool.api.RequestBodies}; binary members by {@link org.hsmpool.pool.api.Base64Url}),
 * check the path ({@link org.hsmpool.pool.api.KeyPath}), call
 * {@link org.hsmpool.pool.keys.KeyService}, and map its answer to the Key Vault JSON
 * ({@link org.hsmpool.pool.api.KeyBundle} and the operation results). Nothing here knows about nodes,
 * routing or the store. {@link org.hsmpool.pool.api.ApiVersionFilter} and
 * {@link org.hsmpool.pool.api.BodyLimitFilter} check every request before it is matched, and
 * {@link org.hsmpool.pool.api.ErrorMappers} is the one place where failures become
 * {@code {"error":{"code","message"}}}.
 */
package org.hsmpool.pool.api;
