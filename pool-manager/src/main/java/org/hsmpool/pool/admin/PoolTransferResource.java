package org.hsmpool.pool.admin;

import java.util.Map;

import org.hsmpool.pool.api.Expected;
import org.hsmpool.pool.keys.PoolTransfer;

import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.NotNull;
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

    /**
     * The body of an import: {@code GET /hsmpool/export}'s answer as it was given. Of its members
     * only these are read; {@code pool}, {@code exported} and the count {@code versions} only
     * describe it (the document holds the versions, and the MAC covers the document).
     */
    public record PoolExport(
            @NotNull(message = REQUIRED) @Expected(FORMAT_IS) Integer format,
            @NotNull(message = REQUIRED) @Expected(TEXT) String domain,
            @NotNull(message = REQUIRED) @Expected(TEXT) String document,
            @NotNull(message = REQUIRED) @Expected(TEXT) String mac) {
        private static final String NOT_AN_EXPORT = "not a pool export of format " + PoolTransfer.FORMAT
                + " (GET /hsmpool/export of a pool of this version)";
        static final String REQUIRED = "is required: this is " + NOT_AN_EXPORT;
        static final String FORMAT_IS = "a whole number: this is " + NOT_AN_EXPORT;
        static final String TEXT = "a string: this is " + NOT_AN_EXPORT;
    }

    @GET
    @Path("/export")
    public Map<String, Object> export() {
        return transfer.export();
    }

    @POST
    @Path("/import")
    public Map<String, Object> importAll(PoolExport export) {
        return Map.of("added", transfer.importAll(export.format(), export.domain(), export.document(), export.mac()));
    }
}
