/** Operator endpoints of the pool manager that are not part of the Key Vault API (status). */
package org.hsmpool.pool.admin;
