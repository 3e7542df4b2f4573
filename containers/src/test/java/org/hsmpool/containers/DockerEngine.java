package org.hsmpool.containers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables a container test class, saying why on stderr and in the report, where no Docker engine
 * answers or the test cannot hand the mounted files to the images' user (it must run as root).
 */
final class DockerEngine implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        String reason = null;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            reason = "no Docker engine answers, so the container tests are SKIPPED (deploy/local/prerequisites.sh"
                    + " --containers installs and starts one where it can; docs/operations.md, Containers)";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            reason = "not root, so the container tests are SKIPPED: they hand the mounted files to the images' uid 10001";
        }
        if (reason == null) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        System.err.println(context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
