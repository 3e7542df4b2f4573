/**
 * {@code hsmpool key ...}: create, list and use keys from a shell over the pool's Key Vault REST API
 * (the JDK HttpClient, {@link org.hsmpool.cli.remote.PoolClient}). Binary values are base64url on the
 * wire and on the command line; sign and verify hash their input here and send the digest.
 */
package org.hsmpool.cli.key;
