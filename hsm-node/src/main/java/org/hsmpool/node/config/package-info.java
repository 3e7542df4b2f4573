/**
 * Start-up of the node process: configuration ({@link org.hsmpool.node.config.NodeConfig}), the PIN
 * from a file or the environment (never the command line), opening the token, and the CDI beans
 * that wire token, crypto and domain together ({@link org.hsmpool.node.config.NodeRuntime}).
 */
package org.hsmpool.node.config;
