/**
 * Operator endpoints of the pool manager that are not part of the Key Vault API: status, export and
 * import, service principals.
 */
package org.hsmpool.pool.admin;
