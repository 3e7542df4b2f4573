/**
 * Activation and restore of the pool's security domain (DESIGN.md flows 2 and 6), orchestrated
 * over the nodes: one node creates (or recombines) the master and installs W and H, the others
 * receive W and H node to node. {@link org.hsmpool.pool.securitydomain.SecurityDomainService} and
 * its REST face {@link org.hsmpool.pool.securitydomain.SecurityDomainResource}.
 */
package org.hsmpool.pool.securitydomain;
