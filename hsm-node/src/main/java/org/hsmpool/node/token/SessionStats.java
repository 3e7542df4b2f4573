package org.hsmpool.node.token;

/** How many sessions the pool holds and how many are idle right now. */
public record SessionStats(int open, int idle, int max) {
}
