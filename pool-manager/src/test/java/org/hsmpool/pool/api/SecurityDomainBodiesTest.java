package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.api.Requests.BODIES;
import static org.hsmpool.pool.api.Requests.read;
import static org.hsmpool.pool.api.Requests.rejected;

import java.util.Collections;

import org.hsmpool.pool.admin.PoolTransferResource.PoolExport;
import org.hsmpool.pool.securitydomain.CertificateInfoObject;
import org.hsmpool.pool.securitydomain.DrillResource.DrillCheck;
import org.hsmpool.pool.securitydomain.SecurityDomainObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bodies of the security-domain download and upload, the drill check and the pool import, read
 * strictly like every other body: what Azure's own tooling sends for a download is accepted (a JWK's
 * other members are ignored), wrong shapes, coerced values, duplicates and oversized bodies are
 * refused with a message that names the member and never repeats the value.
 */
class SecurityDomainBodiesTest {
    /** A JWK as {@code az keyvault security-domain download} writes it (the certificate is only bytes here). */
    private static final String AZ_JWK = "{\"kty\":\"RSA\",\"key_ops\":[\"verify\",\"encrypt\",\"wrapKey\"],"
            + "\"n\":\"AQAB\",\"e\":\"AQAB\",\"x5c\":[\"MIIB\"],\"alg\":\"RSA-OAEP-256\",\"kid\":\"k\","
            + "\"x5t\":\"t\",\"x5t#S256\":\"s\",\"use\":\"enc\"}";

    private static String download(String certificates, String required) {
        return "{\"certificates\":" + certificates + ",\"required\":" + required + "}";
    }

    private static String jwks(int n) {
        return "[" + String.join(",", Collections.nCopies(n, AZ_JWK)) + "]";
    }

    @Test
    void aDownloadAsAzureSendsItIsRead() {
        CertificateInfoObject body = read(download(jwks(3), "2"), CertificateInfoObject.class);
        assertThat(body.required()).isEqualTo(2);
        assertThat(body.certificates()).hasSize(3).allSatisfy(jwk -> assertThat(jwk.x5c()).containsExactly("MIIB"));
        assertThat(read(download(jwks(10), "10"), CertificateInfoObject.class).certificates()).hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "2", "11", "0" })
    void aDownloadNeedsThreeToTenCertificates(int n) {
        assertThat(rejected(() -> read(download(jwks(n), "2"), CertificateInfoObject.class)).getMessage())
                .isEqualTo("certificates must be an array of 3 to 10 JWKs with x5c");
    }

    @Test
    void aDownloadRefusesWrongShapesNamingTheMember() {
        String certificatesAre = "certificates must be an array of 3 to 10 JWKs with x5c";
        assertThat(rejected(() -> read("{\"required\":2}", CertificateInfoObject.class)).getMessage())
                .isEqualTo(certificatesAre);
        assertThat(rejected(() -> read(download("{}", "2"), CertificateInfoObject.class)).getMessage())
                .isEqualTo(certificatesAre);
        assertThat(rejected(() -> read(download("\"SECRET\"", "2"), CertificateInfoObject.class)).getMessage())
                .isEqualTo(certificatesAre);
        assertThat(rejected(() -> read(download("[\"SECRET\"," + AZ_JWK + "," + AZ_JWK + "]", "2"),
                CertificateInfoObject.class)).getMessage()).isEqualTo("certificates[0] must be an object");
        assertThat(rejected(() -> read(download("[" + AZ_JWK + ",{\"kty\":\"RSA\"}," + AZ_JWK + "]", "2"),
                CertificateInfoObject.class)).getMessage()).startsWith("certificates[1].x5c is required");
        assertThat(rejected(() -> read(download("[" + AZ_JWK + ",{\"x5c\":[]}," + AZ_JWK + "]", "2"),
                CertificateInfoObject.class)).getMessage()).startsWith("certificates[1].x5c is required");
        assertThat(rejected(() -> read(download("[" + AZ_JWK + "," + AZ_JWK + ",{\"x5c\":[5]}]", "2"),
                CertificateInfoObject.class)).getMessage()).isEqualTo("certificates[2].x5c[0] must be a string");
        assertThat(rejected(() -> read(download("[" + AZ_JWK + "," + AZ_JWK + ",{\"x5c\":\"MIIB\"}]", "2"),
                CertificateInfoObject.class)).getMessage()).startsWith("certificates[2].x5c must be an array");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "\"2\"", "2.0", "1", "-3", "true", "[2]", "null" })
    void aDownloadQuorumIsAWholeNumberFromTwo(String required) {
        assertThat(rejected(() -> read(download(jwks(3), required), CertificateInfoObject.class)).getMessage())
                .isEqualTo("required must be a number from 2 to the number of certificates");
    }

    @Test
    void anUploadIsTheBlobAndTheTransferShares() {
        SecurityDomainObject body = read("{\"value\":\"{}\",\"shares\":[\"a.b.c.d.e\",\"f.g.h.i.j\"]}",
                SecurityDomainObject.class);
        assertThat(body.value()).isEqualTo("{}");
        assertThat(body.shares()).containsExactly("a.b.c.d.e", "f.g.h.i.j");
    }

    @Test
    void azuresOwnUploadHasNoSharesAndIsRefusedNamingThem() {
        assertThat(rejected(() -> read("{\"value\":\"{\\\"EncData\\\":{}}\"}", SecurityDomainObject.class))
                .getMessage()).isEqualTo("shares must be an array of transfer shares made with 'hsmpool sd share'");
    }

    @Test
    void anUploadRefusesWrongShapes() {
        assertThat(rejected(() -> read("{\"shares\":[\"a\"]}", SecurityDomainObject.class)).getMessage())
                .isEqualTo("value must hold the security domain blob as a string");
        assertThat(rejected(() -> read("{\"value\":{\"format\":\"SECRET\"},\"shares\":[\"a\"]}",
                SecurityDomainObject.class)).getMessage()).isEqualTo("value must be the security domain blob as a string");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"shares\":[]}", SecurityDomainObject.class)).getMessage())
                .isEqualTo("shares must be an array of transfer shares made with 'hsmpool sd share'");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"shares\":\"SECRET\"}", SecurityDomainObject.class))
                .getMessage()).isEqualTo("shares must be an array of transfer shares made with 'hsmpool sd share'");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"shares\":[\"a\",7]}", SecurityDomainObject.class))
                .getMessage()).isEqualTo("shares[1] must be a string");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"shares\":[\"a\",null]}", SecurityDomainObject.class))
                .getMessage()).isEqualTo("shares[1] must be a string");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"value\":\"{}\",\"shares\":[\"a\"]}",
                SecurityDomainObject.class)).getMessage()).startsWith("the request body is not valid JSON");
        byte[] big = ("{\"value\":\"" + "x".repeat(RequestBodies.MAX_BYTES) + "\",\"shares\":[\"a\"]}").getBytes();
        assertThat(rejected(() -> BODIES.read(big, SecurityDomainObject.class)).status()).isEqualTo(413);
    }

    @Test
    void aDrillCheckHasTheBlobAShareAndTheNode() {
        DrillCheck body = read("{\"value\":\"{}\",\"share\":\"a.b.c.d.e\",\"node\":\"node-1\"}", DrillCheck.class);
        assertThat(body.node()).isEqualTo("node-1");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"node\":\"node-1\"}", DrillCheck.class)).getMessage())
                .startsWith("share must be a non-empty string of at most 8192 characters");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"share\":\"\",\"node\":\"n\"}", DrillCheck.class))
                .getMessage()).startsWith("share must be a non-empty string of at most 8192 characters");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"share\":\"s\",\"node\":\"" + "n".repeat(201) + "\"}",
                DrillCheck.class)).getMessage()).startsWith("node must be a non-empty string of at most 200 characters");
        assertThat(rejected(() -> read("{\"value\":7,\"share\":\"s\",\"node\":\"n\"}", DrillCheck.class))
                .getMessage()).startsWith("value must be a non-empty string of at most 262144 characters");
        assertThat(rejected(() -> read("{\"value\":\"{}\",\"share\":[\"SECRET\"],\"node\":\"n\"}", DrillCheck.class))
                .getMessage()).startsWith("share must be").doesNotContain("SECRET");
    }

    @Test
    void anImportReadsTheExportsFormatDomainDocumentAndMac() {
        PoolExport body = read("{\"format\":2,\"pool\":\"p\",\"domain\":\"d\",\"exported\":1,\"versions\":3,"
                + "\"document\":\"e30\",\"mac\":\"AA\"}", PoolExport.class);
        assertThat(body).isEqualTo(new PoolExport(2, "d", "e30", "AA"));
        // an export of another format is read and refused by the import itself, naming the format
        assertThat(read("{\"format\":1,\"domain\":\"d\",\"versions\":[{}],\"document\":\"e30\",\"mac\":\"AA\"}",
                PoolExport.class).format()).isEqualTo(1);
    }

    @Test
    void anImportRefusesWhatIsNotAnExport() {
        assertThat(rejected(() -> read("{\"format\":1,\"domain\":\"d\",\"versions\":[]}", PoolExport.class))
                .getMessage()).isEqualTo("document is required: this is not a pool export of format 2 "
                        + "(GET /hsmpool/export of a pool of this version)");
        assertThat(rejected(() -> read("{}", PoolExport.class)).getMessage()).contains("not a pool export");
        assertThat(rejected(() -> read("{\"format\":\"2\",\"domain\":\"d\",\"document\":\"e30\",\"mac\":\"AA\"}",
                PoolExport.class)).getMessage()).startsWith("format must be a whole number: this is not a pool export");
        assertThat(rejected(() -> read("{\"format\":2.0,\"domain\":\"d\",\"document\":\"e30\",\"mac\":\"AA\"}",
                PoolExport.class)).getMessage()).startsWith("format must be a whole number");
        assertThat(rejected(() -> read("{\"format\":2,\"domain\":\"d\",\"document\":{\"SECRET\":1},\"mac\":\"AA\"}",
                PoolExport.class)).getMessage()).startsWith("document must be a string").doesNotContain("SECRET");
        assertThat(rejected(() -> read("{\"format\":2,\"format\":2,\"domain\":\"d\",\"document\":\"e30\",\"mac\":\"AA\"}",
                PoolExport.class)).getMessage()).startsWith("the request body is not valid JSON");
    }
}
