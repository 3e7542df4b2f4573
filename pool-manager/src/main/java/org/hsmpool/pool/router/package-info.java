/**
 * Choosing a node for a call: healthy, holding the key version's log entry, fewest calls in
 * flight; one retry on another node when the first is unavailable, timed out, or lacks the key;
 * never a retry after a bad-request answer. {@link org.hsmpool.pool.router.NodeRouter}.
 */
package org.hsmpool.pool.router;
