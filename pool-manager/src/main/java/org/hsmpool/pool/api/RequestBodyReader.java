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
 * Reads every request body that a resource of the manager takes as a record (of any package:
 * {@code api}'s {@code *Parameters}, the backup, audit, node and principal bodies) with
 * {@link RequestBodies}, whatever the content type, so that every malformed body gets the same
 * BadParameter answer. An application reader comes before Quarkus's own Jackson reader; the other
 * edges need nothing of {@code api} for it.
 */
@Provider
@Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
@Priority(Priorities.USER - 100)
public class RequestBodyReader implements MessageBodyReader<Record> {
    private final RequestBodies bodies;

    public RequestBodyReader(RequestBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() && type.getPackageName().startsWith("org.hsmpool.pool.");
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        // one byte over the limit is enough to know (a chunked body has no Content-Length for BodyLimitFilter)
        byte[] body = entity == null ? new byte[0] : entity.readNBytes(RequestBodies.MAX_BYTES + 1);
        return bodies.read(body, type);
    }
}
