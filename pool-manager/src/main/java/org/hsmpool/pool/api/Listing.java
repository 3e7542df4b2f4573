package org.hsmpool.pool.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hsmpool.pool.keys.ManagedKey;

import jakarta.ws.rs.core.UriInfo;

/**
 * The paged listings of Key Vault: {@code {"value":[...],"nextLink":...}} with at most
 * {@code maxresults} (1..25, default 25) items per page. {@code nextLink} is the full URL of the
 * next page, with the request's {@code api-version}, {@code maxresults} and a {@code $skiptoken};
 * it is absent on the last page.
 */
final class Listing {
    static final int MAX_RESULTS = 25;
    static final String SKIP_TOKEN = "$skiptoken";

    private Listing() {
    }

    /** The page size a request asks for. */
    static int maxResults(String value) {
        if (value == null || value.isEmpty()) {
            return MAX_RESULTS;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw KeyVaultException.badParameter("maxresults must be a whole number from 1 to " + MAX_RESULTS);
        }
        if (n < 1 || n > MAX_RESULTS) {
            throw KeyVaultException.badParameter("maxresults must be from 1 to " + MAX_RESULTS);
        }
        return n;
    }

    /** The skip token of a request, or null for the first page. */
    static String skipToken(UriInfo uri) {
        String token = uri.getQueryParameters().getFirst(SKIP_TOKEN);
        return token == null || token.isEmpty() ? null : token;
    }

    static Map<String, Object> page(List<?> items, String continuation, UriInfo uri, String path, int maxResults) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", items);
        if (continuation != null) {
            String root = KeyPath.base(uri).toString();
            out.put("nextLink", root + (root.endsWith("/") ? "" : "/") + path + "?api-version="
                    + encode(uri.getQueryParameters().getFirst(ApiVersionFilter.PARAMETER)) + "&" + SKIP_TOKEN + "="
                    + encode(continuation) + "&maxresults=" + maxResults);
        } else {
            out.put("nextLink", null);
        }
        return out;
    }

    /** KeyItem: the identifier, attributes, tags and managed flag of a key, without the key itself. */
    static Map<String, Object> item(ManagedKey key, String kid) {
        KeyBundle bundle = KeyBundle.of(key, kid);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kid", kid);
        out.put("attributes", bundle.attributes());
        if (bundle.tags() != null) {
            out.put("tags", bundle.tags());
        }
        if (bundle.managed() != null) {
            out.put("managed", bundle.managed());
        }
        return out;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
