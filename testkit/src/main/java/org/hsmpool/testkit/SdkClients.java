package org.hsmpool.testkit;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;

import reactor.core.publisher.Mono;

/**
 * The official Azure SDK clients against a pool under test: the JDK HttpClient transport trusting only
 * the pool CA, challenge resource verification off (the pool is not on an Azure domain), no retries (a
 * 5xx must show up as the failure it is, not be hidden by a retry), key caching off for cryptography
 * clients (every operation goes to the pool). {@code -Dhsmpool.test.sdk.log=true} logs every exchange
 * with bodies through the SDK's logger. The module using it declares the Azure SDK itself (testkit's
 * dependency on it is optional).
 */
public final class SdkClients {
    private final String vaultUrl;
    private final SSLContext ssl;

    public SdkClients(String vaultUrl, SSLContext ssl) {
        this.vaultUrl = vaultUrl;
        this.ssl = ssl;
    }

    /** A static bearer token for whatever scope the SDK asks (it derives the scope from the challenge). */
    public static TokenCredential credential(String token) {
        return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }

    public HttpClient httpClient() {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ssl))
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(90)).build();
    }

    public KeyClient keyClient(TokenCredential credential) {
        return new KeyClientBuilder().vaultUrl(vaultUrl).credential(credential).httpClient(httpClient())
                .disableChallengeResourceVerification().httpLogOptions(logOptions()).retryOptions(noRetry())
                .buildClient();
    }

    /** A client for a key id that never fetches or caches the key; {@code policies} go into its pipeline. */
    public CryptographyClient cryptographyClient(String keyId, TokenCredential credential,
            HttpPipelinePolicy... policies) {
        CryptographyClientBuilder builder = new CryptographyClientBuilder().keyIdentifier(keyId).credential(credential)
                .httpClient(httpClient()).disableChallengeResourceVerification().disableKeyCaching()
                .httpLogOptions(logOptions()).retryOptions(noRetry());
        List.of(policies).forEach(builder::addPolicy);
        return builder.buildClient();
    }

    /** The local RBAC client of {@code azure-security-keyvault-administration}. */
    public KeyVaultAccessControlClient accessControlClient(TokenCredential credential) {
        return new KeyVaultAccessControlClientBuilder().vaultUrl(vaultUrl).credential(credential)
                .httpClient(httpClient()).disableChallengeResourceVerification().httpLogOptions(logOptions())
                .retryOptions(noRetry()).buildClient();
    }

    private static HttpLogOptions logOptions() {
        return new HttpLogOptions().setLogLevel(Boolean.getBoolean("hsmpool.test.sdk.log")
                ? HttpLogDetailLevel.BODY_AND_HEADERS : HttpLogDetailLevel.NONE);
    }

    private static RetryOptions noRetry() {
        return new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
    }
}
