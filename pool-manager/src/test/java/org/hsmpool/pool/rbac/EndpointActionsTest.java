package org.hsmpool.pool.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each endpoint needs; the coverage of every resource method is in api.EndpointCoverageTest. */
class EndpointActionsTest {

    @ParameterizedTest(name = "{0} {1} -> {3} at {4}")
    @CsvSource({
            "POST, /keys/{name}/{version}/{operation}, sign, keys/sign/action, /keys/k1",
            "POST, /keys/{name}/{operation}, verify, keys/verify/action, /keys/k1",
            "POST, /keys/{name}/{version}/{operation}, encrypt, keys/encrypt/action, /keys/k1",
            "POST, /keys/{name}/{version}/{operation}, decrypt, keys/decrypt/action, /keys/k1",
            "POST, /keys/{name}/{version}/{operation}, wrapkey, keys/wrap/action, /keys/k1",
            "POST, /keys/{name}/{operation}, unwrapkey, keys/unwrap/action, /keys/k1",
            "POST, /keys/{name}/create, -, keys/create, /keys/k1",
            "GET, /keys, -, keys/read/action, /keys",
            "POST, /keys/restore, -, keys/restore/action, /keys",
            "GET, /deletedkeys, -, keys/deletedKeys/read/action, /keys",
            "DELETE, /deletedkeys/{name}, -, keys/deletedKeys/delete, /keys/k1",
            "POST, /rng, -, rng/action, /keys",
            "GET, /providers/Microsoft.Authorization/roleAssignments, -, roleAssignments/read/action, /",
            "PUT, /providers/Microsoft.Authorization/keys/roleAssignments/{name}, -, roleAssignments/write/action, /keys",
            "DELETE, /providers/Microsoft.Authorization/keys/roleAssignments/{name}, -, "
                    + "roleAssignments/delete/action, /keys",
            "POST, /securitydomain/download, -, securitydomain/download/action, /",
            "GET, /hsmpool/status, -, roleAssignments/read/action, /",
            "GET, /hsmpool/export, -, backup/start/action, /",
            "POST, /hsmpool/import, -, restore/start/action, /",
            "POST, /backup, -, backup/start/action, /",
            "GET, /backup/{jobId}/pending, -, backup/status/action, /",
            "PUT, /restore, -, restore/start/action, /",
            "GET, /restore/{jobId}/pending, -, restore/status/action, /",
            "PUT, /keys/{name}/restore, -, restore/start/action, /",
            "GET, /hsmpool/backup/jobs, -, backup/status/action, /",
            "GET, /settings, -, hsmpool/settings/read/action, /",
            "PATCH, /settings/{name}, -, hsmpool/settings/write/action, /",
            "POST, /hsmpool/nodes, -, hsmpool/nodes/write/action, /",
            "DELETE, /hsmpool/nodes/{name}, -, hsmpool/nodes/write/action, /",
            "POST, /hsmpool/principals, -, roleAssignments/write/action, /",
            "DELETE, /hsmpool/principals/{id}, -, roleAssignments/write/action, /",
            "PUT, /providers/Microsoft.Authorization/roleAssignments/keys/{key}/{name}, -, "
                    + "roleAssignments/write/action, /keys/k1",
            "DELETE, /providers/Microsoft.Authorization/roleDefinitions/{name}, -, roleDefinitions/delete/action, /" })
    void eachEndpointNeedsOneActionAtOneScope(String method, String template, String operation, String action,
            String scope) {
        Map<String, String> params = Map.of("name", "k1", "key", "k1", "version", "v", "operation", operation);
        Requirement r = EndpointActions.requirement(method, template, params::get).orElseThrow();
        assertThat(r.action().value()).isEqualTo(DataAction.PREFIX + action);
        assertThat(r.scope().value()).isEqualTo(scope);
    }

    @ParameterizedTest
    @CsvSource({ "POST, /keys/{name}/{version}/{operation}, release", "POST, /keys/{name}/{version}/{operation}, x",
            "GET, /secrets, -", "HEAD, /keys, -", "GET, /hsmpool, -", "GET, /hsmpool/principalsX, -" })
    void anythingElseHasNoActionAndIsDenied(String method, String template, String operation) {
        Map<String, String> params = Map.of("name", "k1", "version", "v", "operation", operation);
        assertThat(EndpointActions.requirement(method, template, params::get)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "/keys, {name}/{operation: sign|verify}, /keys/{name}/{operation}", "/rng, , /rng",
            "/keys, /, /keys", "/securitydomain, /download/pending, /securitydomain/download/pending" })
    void templatesAreJoinedWithoutRegularExpressions(String classPath, String methodPath, String expected) {
        assertThat(EndpointActions.template(classPath, methodPath)).isEqualTo(expected);
    }
}
