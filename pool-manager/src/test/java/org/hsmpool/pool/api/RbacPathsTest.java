package org.hsmpool.pool.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The spellings of the RBAC paths (the Azure SDK's among them) and the one form each becomes. */
class RbacPathsTest {
    private static final String P = "/providers/Microsoft.Authorization/";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "///providers/Microsoft.Authorization/roleAssignments, " + P + "roleAssignments",
            "//providers/Microsoft.Authorization/roleAssignments/abc, " + P + "roleAssignments/abc",
            "/providers/Microsoft.Authorization/roleAssignments/, " + P + "roleAssignments",
            "//keys/providers/Microsoft.Authorization/roleAssignments/abc, " + P + "keys/roleAssignments/abc",
            "/keys/providers/Microsoft.Authorization/roleAssignments, " + P + "keys/roleAssignments",
            "//keys//providers/Microsoft.Authorization/roleAssignments/, " + P + "keys/roleAssignments",
            "/keys/providers/Microsoft.Authorization/roleDefinitions, " + P + "roleDefinitions",
            "///providers/Microsoft.Authorization/roleDefinitions/abc, " + P + "roleDefinitions/abc",
            "//keys/k-1/providers/Microsoft.Authorization/roleAssignments, " + P + "roleAssignments/keys/k-1",
            "/keys/k1/providers/Microsoft.Authorization/roleAssignments/abc, " + P + "roleAssignments/keys/k1/abc" })
    void everySpellingBecomesTheDeclaredPath(String raw, String canonical) {
        assertThat(RbacPaths.canonical(raw)).hasValue(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/keys/k1", "/keys/k1/providers/Microsoft.Authorization/roleDefinitions",
            "/keys/a/b/providers/Microsoft.Authorization/roleAssignments", "/providers/Other/roleAssignments",
            "/providers/Microsoft.Authorization/roleAssignments/a/b", "/keys/k_1/providers/Microsoft.Authorization/roleAssignments" })
    void otherPathsAreLeftAlone(String raw) {
        assertThat(RbacPaths.canonical(raw)).isEmpty();
    }
}
