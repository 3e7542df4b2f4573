package org.hsmpool.pool.api;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What the generated OpenAPI document cannot know of this API, added once for every operation
 * (configured as {@code mp.openapi.filter}):
 * <ul>
 * <li>binary members of the request records (a {@code byte[]}, which the generator writes as
 * {@code format: binary}) are JSON strings of base64url without padding ({@link Base64Url});</li>
 * <li>every operation that takes a body answers 413 {@code RequestEntityTooLarge} for one over
 * {@link RequestBodies#MAX_BYTES} ({@link BodyLimitFilter}), and every one that takes a JSON body
 * 400 {@code BadParameter} for a body that cannot be read ({@link RequestBodies}), both in the Key
 * Vault error format, the schema {@value #ERROR_SCHEMA}. (The token service's form body is
 * refused in OAuth's own format, which its resource describes.)</li>
 * </ul>
 */
public class ApiDocumentFilter implements OASFilter {
    static final String ERROR_SCHEMA = "KeyVaultError";
    private static final String JSON = "application/json";

    @Override
    public Schema filterSchema(Schema schema) {
        if ("binary".equals(schema.getFormat())) {
            schema.setFormat("base64url");
            schema.setDescription("base64url without padding (RFC 4648 section 5)");
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(ERROR_SCHEMA, errorSchema());
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            if (path.getOperations() == null) {
                continue;
            }
            for (Operation operation : path.getOperations().values()) {
                RequestBody body = operation.getRequestBody();
                if (body != null) {
                    refusals(operation, body.getContent() != null && body.getContent().hasMediaType(JSON));
                }
            }
        }
    }

    private static void refusals(Operation operation, boolean json) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        // replaces the generic "Bad Request" that Quarkus adds to a method whose body is validated
        if (json) {
            responses.addAPIResponse("400", error("BadParameter: the body is not one JSON object of this schema "
                    + "(malformed, a member of the wrong type or out of range, a duplicate member, trailing data)"));
        }
        responses.addAPIResponse("413", error("RequestEntityTooLarge: the body is larger than "
                + RequestBodies.MAX_BYTES + " bytes"));
    }

    private static APIResponse error(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(JSON, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ERROR_SCHEMA))));
    }

    /** Key Vault's error body: {@code {"error": {"code", "message"}}} ({@link ErrorBody}). */
    private static Schema errorSchema() {
        Schema text = OASFactory.createSchema().type(List.of(SchemaType.STRING));
        Schema error = OASFactory.createSchema().type(List.of(SchemaType.OBJECT))
                .addProperty("code", text.description("the Key Vault error code, e.g. BadParameter"))
                .addProperty("message", OASFactory.createSchema().type(List.of(SchemaType.STRING))
                        .description("what was wrong, naming the member; never the value sent"))
                .addRequired("code").addRequired("message");
        return OASFactory.createSchema().type(List.of(SchemaType.OBJECT)).description("Key Vault's error answer")
                .addProperty("error", error).addRequired("error");
    }
}
