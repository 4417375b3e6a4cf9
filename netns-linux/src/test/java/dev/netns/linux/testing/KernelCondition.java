package dev.netns.linux.testing;

import dev.netns.NetworkNamespaces;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/** The condition behind {@link KernelTest}: skip with the reason, or fail under {@code CI=true}. */
public final class KernelCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = NetworkNamespaces.unavailableReason();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("network namespaces are available");
        }
        if (Boolean.parseBoolean(System.getenv("CI"))) {
            throw new IllegalStateException("kernel tests cannot run here and CI is true, so they fail instead of "
                    + "being skipped: " + reason.get());
        }
        return ConditionEvaluationResult.disabled("kernel test skipped: " + reason.get());
    }
}
