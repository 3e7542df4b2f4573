/**
 * The audit log: one record per request to the front end (401 and 403 included), hash-chained and
 * sealed at intervals with the pool MAC key inside a node, written as JSON lines for a SIEM.
 * docs/security-model.md describes the format and how {@code hsmpool audit verify} checks it.
 */
package org.hsmpool.pool.audit;
