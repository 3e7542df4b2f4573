/**
 * Who may use a pool, through its public API only: {@code hsmpool principal} (the token service's
 * service principals, {@code /hsmpool/principals}) and {@code hsmpool role} (local RBAC role
 * assignments at {@code /}, {@code /keys} or {@code /keys/NAME}, the Managed HSM REST shape).
 */
package org.hsmpool.cli.access;
