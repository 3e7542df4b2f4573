/**
 * The node's health checks and gauges, served on the management interface
 * ({@code hsmpool.node.management-host:port}, {@code /q/health/ready}, {@code /q/metrics}).
 */
package org.hsmpool.node.observe;
