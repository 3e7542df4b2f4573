/** {@code hsmpool audit verify}: checks an audit file's chain, its seals (through the pool) and its end. */
package org.hsmpool.cli.audit;
