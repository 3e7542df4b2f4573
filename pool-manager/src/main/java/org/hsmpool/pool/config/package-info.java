/** Configuration of the pool-manager process ({@code hsmpool.pool.*}) and the wiring of its parts. */
package org.hsmpool.pool.config;
