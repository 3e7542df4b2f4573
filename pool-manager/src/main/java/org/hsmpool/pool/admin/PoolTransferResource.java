package org.hsmpool.pool.admin;

import java.util.Map;

import org.hsmpool.pool.keys.PoolTransfer;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /hsmpool/export} (every live key version, sealed, with its attributes) and
 * {@code POST /hsmpool/import} (into a pool restored to the same security domain).
 */
@Path("/hsmpool")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class PoolTransferResource {
    private final PoolTransfer transfer;

    public PoolTransferResource(PoolTransfer transfer) {
        this.transfer = transfer;
    }

    @GET
    @Path("/export")
    public Map<String, Object> export() {
        return transfer.export();
    }

    @POST
    @Path("/import")
    public Map<String, Object> importAll(JsonNode export) {
        return Map.of("added", transfer.importAll(export));
    }
}
