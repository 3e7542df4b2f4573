package org.hsmpool.pool.api;

import java.io.IOException;

import org.hsmpool.pool.keys.KeyException;
import org.hsmpool.pool.rbac.RbacException;
import org.hsmpool.pool.store.StoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The one place where a failure becomes what the client sees ({@link ErrorResponses}): for every
 * resource of the application, not only the keys API. The narrower mappers are declared so that
 * they win over the framework's own mappers for the same exceptions.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response keyVault(KeyVaultException e) {
        return ErrorResponses.keyVault(e);
    }

    @ServerExceptionMapper
    public Response keys(KeyException e) {
        return ErrorResponses.keyVault(DomainErrors.of(e));
    }

    @ServerExceptionMapper
    public Response rbac(RbacException e) {
        return ErrorResponses.keyVault(DomainErrors.of(e));
    }

    @ServerExceptionMapper({ NotFoundException.class, NotAllowedException.class })
    public Response routing(WebApplicationException e) {
        return ErrorResponses.webApplication(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        return ErrorResponses.webApplication(e);
    }

    @ServerExceptionMapper({ MismatchedInputException.class, JsonProcessingException.class })
    public Response json(JsonProcessingException e) {
        return ErrorResponses.json(e);
    }

    /** Resources declare no checked I/O: one that arrives here failed reading the request (closed, over the limit). */
    @ServerExceptionMapper
    public Response unreadable(IOException e) {
        return ErrorResponses.unreadable(e);
    }

    /**
     * A store failure that reached a resource without passing through the key service (a read in
     * RBAC or status, say): an unreachable store is 503 with Retry-After, as a client may retry it.
     */
    @ServerExceptionMapper
    public Response store(StoreException e) {
        return switch (e.code()) {
            case UNAVAILABLE, FENCED -> ErrorResponses.keyVault(
                    KeyVaultException.unavailable("the pool store is unavailable; try again", 1));
            default -> ErrorResponses.unexpected(e);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return ErrorResponses.unexpected(e);
    }
}
