package org.hsmpool.pool.api;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The OpenAPI document's binary members (a {@code byte[]} of a request record, which the generator
 * writes as {@code format: binary}) are JSON strings of base64url without padding on this API
 * ({@link Base64Url}); configured as {@code mp.openapi.filter}.
 */
public class Base64UrlSchemas implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        if ("binary".equals(schema.getFormat())) {
            schema.setFormat("base64url");
            schema.setDescription("base64url without padding (RFC 4648 section 5)");
        }
        return schema;
    }
}
