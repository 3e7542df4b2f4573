package org.hsmpool.pool.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Failures turned into the Key Vault error answer: status, {@code {"error":{"code","message"}}} and,
 * when the client may retry, {@code Retry-After}. Messages come from this package or from
 * {@link KeyVaultException} (whose messages never carry key material or request data); messages of
 * other exceptions are never shown, and are not logged either, since they may quote the request.
 */
final class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    static Response of(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(code, message))
                .build();
    }

    static Response keyVault(KeyVaultException e) {
        // 503 is the pool saying "not now" (no healthy node, busy store): the node monitor reports those
        if (e.status() >= 500 && e.status() != 503) {
            LOG.errorf("answered %d %s: %s", e.status(), e.code(), describe(e.getCause()));
        }
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e.code(), e.getMessage() == null ? e.code() : e.getMessage()));
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }

    /** JAX-RS's own failures: no such path, method not allowed, unreadable entity, ... */
    static Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 400 && jsonCause(e) != null) {
            return json(jsonCause(e));
        }
        if (status >= 500) {
            LOG.errorf("answered %d: %s", status, describe(e));
        }
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(code(status), message(status)));
        if (e.getResponse() != null) {
            for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.RETRY_AFTER)) {
                String value = e.getResponse().getHeaderString(header);
                if (value != null) {
                    response.header(header, value);
                }
            }
        }
        return response.build();
    }

    /** A body Jackson could not read into the declared type. */
    static Response json(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? WirePath.of(mapping.getPath()) : "";
        String message = field.isEmpty() ? "the request body is not valid JSON for this operation"
                : field + " has the wrong JSON type or value";
        return of(400, "BadParameter", message);
    }

    /** The request could not be read to its end: the client's side (it went away, or sent too much). */
    static Response unreadable(IOException e) {
        LOG.debugf("request body could not be read: %s", describe(e));
        return of(400, "BadParameter", "the request body could not be read");
    }

    /** Anything else is our fault: 500 with nothing of the failure shown, and a log line without messages. */
    static Response unexpected(Throwable e) {
        LOG.errorf("answered 500 after an unexpected failure: %s", describe(e));
        return of(500, "InternalError", "The pool manager failed to process the request; the failure is logged.");
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "BadParameter";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "InternalError" : "BadRequest";
        };
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "The request is not valid.";
            case 401 -> "Request is missing a Bearer token.";
            case 403 -> "The caller may not do this.";
            case 404 -> "There is no such resource in this pool: see docs/api.md for the paths it serves.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "This pool answers application/json only.";
            case 413 -> "The request body is larger than " + RequestBodies.MAX_BYTES + " bytes.";
            case 415 -> "The request body must be application/json.";
            case 429 -> "Too many requests: retry later.";
            default -> status >= 500 ? "The pool manager failed to process the request; the failure is logged."
                    : "The request cannot be processed.";
        };
    }

    private static JsonProcessingException jsonCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    /** Exception classes and where they were thrown, without their messages (which may quote the request). */
    static String describe(Throwable e) {
        if (e == null) {
            return "no cause";
        }
        List<String> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 8; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] frames = t.getStackTrace();
            chain.add(t.getClass().getName() + (frames.length == 0 ? "" : " at " + frames[0]));
        }
        return String.join(", caused by ", chain);
    }
}
