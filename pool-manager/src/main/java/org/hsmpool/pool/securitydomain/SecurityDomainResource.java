package org.hsmpool.pool.securitydomain;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.nodeapi.pki.ActivationAttestation;
import org.hsmpool.pool.api.KeyVaultException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The Managed HSM security-domain endpoints. Download (activation) takes the administrators'
 * certificates as JWKs with {@code x5c} and a quorum, answers 202 with the blob in {@code value}
 * and an {@code Azure-AsyncOperation} link to the pending status. Upload (restore) takes the blob
 * in {@code value} and the administrators' transfer shares in {@code shares} (hsmpool's form: the
 * master is recombined inside a node, never on an administrator's machine).
 */
@Path("/securitydomain")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class SecurityDomainResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecurityDomainService service;

    public SecurityDomainResource(SecurityDomainService service) {
        this.service = service;
    }

    @POST
    @Path("/download")
    public Response download(CertificateInfoObject body, @Context UriInfo uri) {
        if (body.required() > body.certificates().size()) {
            throw KeyVaultException.badParameter("required " + CertificateInfoObject.REQUIRED_IS);
        }
        List<X509Certificate> parsed = new ArrayList<>();
        for (int i = 0; i < body.certificates().size(); i++) {
            parsed.add(certificate(body.certificates().get(i), i));
        }
        SecurityDomainService.Downloaded blob = service.download(parsed, body.required());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("value", blob.blob());
        if (!blob.attestationJson().isBlank()) {
            answer.put(ActivationAttestation.MEMBER, attestation(blob.attestationJson()));
        }
        return Response.accepted(answer)
                .header("Azure-AsyncOperation", pending(uri, "download")).build();
    }

    @GET
    @Path("/download/pending")
    public Map<String, String> downloadPending() {
        return status();
    }

    @GET
    @Path("/upload")
    public Map<String, Object> transferKey() {
        try {
            return Map.of("transfer_key", JSON.readValue(service.transferKey(), Map.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the node's transfer key is not JSON", e);
        }
    }

    @POST
    @Path("/upload")
    public Response upload(SecurityDomainObject body, @Context UriInfo uri) {
        service.upload(body.value(), body.shares());
        return Response.accepted(Map.of("status", service.status()))
                .header("Azure-AsyncOperation", pending(uri, "upload")).build();
    }

    @GET
    @Path("/upload/pending")
    public Map<String, String> uploadPending() {
        return status();
    }

    private Map<String, String> status() {
        String failure = service.lastFailure();
        return failure == null ? Map.of("status", service.status())
                : Map.of("status", service.status(), "status_details", failure);
    }

    private static X509Certificate certificate(CertificateInfoObject.SecurityDomainJsonWebKey jwk, int index) {
        try {
            byte[] der = Base64.getDecoder().decode(jwk.x5c().get(0));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw KeyVaultException.badParameter("certificates[" + index + "].x5c[0] is not a base64 DER certificate");
        }
    }

    /** The node's attestation as a JSON object (it passes through the manager unchanged). */
    private static JsonNode attestation(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the node's activation attestation is not JSON", e);
        }
    }

    private static String pending(UriInfo uri, String operation) {
        URI base = uri.getBaseUri();
        return base.resolve("securitydomain/" + operation + "/pending").toString();
    }
}
