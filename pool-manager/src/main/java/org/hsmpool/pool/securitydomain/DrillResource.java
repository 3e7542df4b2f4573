package org.hsmpool.pool.securitydomain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.pool.auth.Principal;
import org.hsmpool.pool.api.KeyVaultException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /hsmpool/securitydomain/drill}: the pool's own endpoints for security-domain drills (no
 * Azure counterpart). {@code POST .../drill/key} answers a throw-away drill key
 * ({@code {"transfer_key": JWK, "node"}}); {@code POST .../drill} takes
 * {@code {"value": blob, "share": JWE, "node"}} and answers what was checked; {@code GET .../drill}
 * the summary per administrator. See {@link SecurityDomainDrills}.
 */
@Path("/hsmpool/securitydomain/drill")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class DrillResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecurityDomainDrills drills;

    public DrillResource(SecurityDomainDrills drills) {
        this.drills = drills;
    }

    @POST
    @Path("/key")
    public Map<String, Object> drillKey() throws java.io.IOException {
        SecurityDomainDrills.DrillKey key = drills.drillKey();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("transfer_key", JSON.readTree(key.jwkJson()));
        answer.put("node", key.node());
        return answer;
    }

    @POST
    public Map<String, Object> check(JsonNode body, @Context ContainerRequestContext request) {
        String blob = text(body, "value", 256 * 1024);
        String share = text(body, "share", 8192);
        String node = text(body, "node", 200);
        SecurityDomainDrills.Checked checked = drills.check(blob, share, node, Principal.of(request).id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("index", checked.index());
        answer.put("x5t#S256", checked.admin());
        answer.put("checked", checked.at().getEpochSecond());
        return answer;
    }

    @GET
    public Map<String, Object> summary() {
        return drills.summary(Instant.now());
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode value = body == null || !body.isObject() ? null : body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > max) {
            throw KeyVaultException.badParameter(field + " must be a non-empty string of at most " + max + " characters"
                    + " (the body is {\"value\": blob, \"share\": JWE, \"node\": name})");
        }
        return value.asText();
    }
}
