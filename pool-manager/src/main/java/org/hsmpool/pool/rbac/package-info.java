/**
 * Local RBAC as on Azure Managed HSM: {@link org.hsmpool.pool.rbac.DataAction}s, the nine
 * {@link org.hsmpool.pool.rbac.BuiltInRole}s, custom {@link org.hsmpool.pool.rbac.RoleDefinitions}
 * and {@link org.hsmpool.pool.rbac.RoleAssignments} kept in the store, scopes
 * ({@link org.hsmpool.pool.rbac.RoleScope}), the one table of what each endpoint needs
 * ({@link org.hsmpool.pool.rbac.EndpointActions}) and the decision
 * ({@link org.hsmpool.pool.rbac.Authorizer}). The HTTP side (the filter that enforces it and the
 * role API) is in {@code api}.
 */
package org.hsmpool.pool.rbac;
