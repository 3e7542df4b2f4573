package org.hsmpool.cli.remote;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.hsmpool.cli.common.UserError;

import com.fasterxml.jackson.databind.JsonNode;

/** Every item of {@code GET /keys}, following {@code nextLink} page by page. */
public final class KeyListing {
    private KeyListing() {
    }

    public static List<JsonNode> all(PoolClient pool) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode page = pool.call("GET", "/keys?maxresults=25", null);
        while (true) {
            page.path("value").forEach(items::add);
            String next = page.path("nextLink").asText("");
            if (next.isEmpty() || "null".equals(next)) {
                return items;
            }
            HttpResponse<String> r = pool.exchange("GET", URI.create(next), null);
            if (r.statusCode() != 200) {
                throw pool.failure("GET", "/keys", r);
            }
            try {
                page = PoolClient.JSON.readTree(r.body());
            } catch (IOException e) {
                throw new UserError("GET /keys answered a page that is not JSON; see the manager's log");
            }
        }
    }

    /** The key's name: the path segment after {@code /keys/} of its {@code kid}. */
    public static String name(JsonNode item) {
        String[] parts = URI.create(item.path("kid").asText()).getPath().split("/");
        return parts.length > 2 ? parts[2] : item.path("kid").asText();
    }
}
