package org.hsmpool.pool.securitydomain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hsmpool.pool.auth.Principal;
import org.hsmpool.pool.api.Expected;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
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

    /**
     * The body of a drill check: the blob, one administrator's share re-encrypted to the drill key
     * (a compact JWE) and the node that issued that key; nothing else is read.
     */
    public record DrillCheck(
            @NotEmpty(message = VALUE) @Size(max = MAX_BLOB, message = VALUE) @Expected(VALUE_IS) String value,
            @NotEmpty(message = SHARE) @Size(max = MAX_SHARE, message = SHARE) @Expected(SHARE_IS) String share,
            @NotEmpty(message = NODE) @Size(max = MAX_NODE, message = NODE) @Expected(NODE_IS) String node) {
        static final int MAX_BLOB = 256 * 1024;
        static final int MAX_SHARE = 8192;
        static final int MAX_NODE = 200;
        private static final String BODY = " (the body has value: the blob, share: a JWE, node: the drill key's node)";
        static final String VALUE_IS = "a non-empty string of at most " + MAX_BLOB + " characters" + BODY;
        static final String SHARE_IS = "a non-empty string of at most " + MAX_SHARE + " characters" + BODY;
        static final String NODE_IS = "a non-empty string of at most " + MAX_NODE + " characters" + BODY;
        private static final String VALUE = "must be " + VALUE_IS;
        private static final String SHARE = "must be " + SHARE_IS;
        private static final String NODE = "must be " + NODE_IS;
    }

    @POST
    public Map<String, Object> check(DrillCheck body, @Context ContainerRequestContext request) {
        SecurityDomainDrills.Checked checked = drills.check(body.value(), body.share(), body.node(),
                Principal.of(request).id());
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
}
