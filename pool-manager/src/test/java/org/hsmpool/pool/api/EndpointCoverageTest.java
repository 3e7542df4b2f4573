package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.hsmpool.pool.rbac.EndpointActions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.ws.rs.Path;

/**
 * Every resource method of the manager, found by scanning the compiled classes for {@code @Path},
 * has a data action in {@link EndpointActions}, and every entry there belongs to a resource method:
 * a new endpoint without a mapping fails here (and would be denied at run time).
 */
class EndpointCoverageTest {
    private static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target/classes");
    private static final List<String> ENDPOINTS = new ArrayList<>();

    @BeforeAll
    static void scan() throws Exception {
        for (Class<?> resource : resourceClasses()) {
            for (Method method : resource.getMethods()) {
                if (Authorization.httpMethod(method) != null) {
                    String[] e = Authorization.endpoint(resource, method);
                    ENDPOINTS.add(e[0] + " " + e[1]);
                }
            }
        }
    }

    @Test
    void theScanFindsTheResourcesOfEveryPackage() {
        assertThat(ENDPOINTS).contains("POST /keys/{name}/create", "POST /deletedkeys/{name}/recover", "POST /rng",
                "POST /securitydomain/download", "GET /hsmpool/status", "POST /hsmpool/import",
                "PUT /providers/Microsoft.Authorization/roleAssignments/{name}");
        assertThat(ENDPOINTS.size()).isGreaterThanOrEqualTo(EndpointActions.endpoints().size());
    }

    @Test
    void everyResourceMethodHasADataAction() {
        List<String> unmapped = ENDPOINTS.stream().filter(e -> {
            String[] parts = e.split(" ", 2);
            return !EndpointActions.isMapped(parts[0], parts[1]);
        }).toList();
        assertThat(unmapped).as("endpoints without a data action in EndpointActions").isEmpty();
    }

    @Test
    void everyMappingBelongsToAResourceMethod() {
        Set<String> stale = new TreeSet<>(EndpointActions.endpoints());
        ENDPOINTS.forEach(stale::remove);
        assertThat(stale).as("mappings of endpoints that do not exist").isEmpty();
    }

    private static List<Class<?>> resourceClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(CLASSES)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, EndpointCoverageTest.class.getClassLoader());
                if (c.isAnnotationPresent(Path.class)) {
                    found.add(c);
                }
            }
        }
        return found;
    }
}
