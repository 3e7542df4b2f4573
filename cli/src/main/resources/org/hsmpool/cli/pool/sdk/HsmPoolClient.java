// A client of the hsmpool pool at @URL@ with the official Azure SDK for Java
// (com.azure:azure-security-keyvault-keys, with azure-core-http-jdk-httpclient as its HTTP client).
// Run it (Java 17+), with the SDK's jars on AZURE_SDK_CLASSPATH:
//   eval "$(hsmpool env)"      # HSMPOOL_TOKEN: the pool's bearer token stands in for an Entra ID token
//   keytool -importcert -noprompt -alias hsmpool-ca -file '@CA@' -keystore pool-ca.p12 -storepass changeit
//   java -cp "$AZURE_SDK_CLASSPATH" -Djavax.net.ssl.trustStore=pool-ca.p12 -Djavax.net.ssl.trustStorePassword=changeit \
//        HsmPoolClient.java
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.KeyProperties;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

public class HsmPoolClient {
    public static void main(String[] args) {
        TokenCredential poolToken = request ->
                Mono.just(new AccessToken(System.getenv("HSMPOOL_TOKEN"), OffsetDateTime.now().plusHours(1)));
        KeyClient keys = new KeyClientBuilder()
                .vaultUrl("@URL@")
                .credential(poolToken)
                .disableChallengeResourceVerification() // the pool is not *.managedhsm.azure.net
                .buildClient();
        int count = 0;
        for (KeyProperties key : keys.listPropertiesOfKeys()) {
            System.out.println(key.getName());
            count++;
        }
        System.out.println(count + " keys in @URL@");
    }
}
