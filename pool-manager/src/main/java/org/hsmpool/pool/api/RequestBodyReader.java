package org.hsmpool.pool.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

/**
 * Reads the typed bodies of the keys and RBAC resources (every {@link WireRequest} record) with
 * {@link RequestBodies}, whatever the content type, so that every malformed body gets the same
 * BadParameter answer. An application reader comes before Quarkus's own Jackson reader.
 */
@Provider
@Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
@Priority(Priorities.USER - 100)
public class RequestBodyReader implements MessageBodyReader<WireRequest> {
    private final RequestBodies bodies;

    public RequestBodyReader(RequestBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return WireRequest.class.isAssignableFrom(type);
    }

    @Override
    public WireRequest readFrom(Class<WireRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        // one byte over the limit is enough to know (a chunked body has no Content-Length for BodyLimitFilter)
        byte[] body = entity == null ? new byte[0] : entity.readNBytes(RequestBodies.MAX_BYTES + 1);
        return bodies.read(body, type);
    }
}
