package io.reelport.common.keys;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns a {@link SecretConfigurationException}, wherever it sits in the cause chain (usually
 * under a property-binding failure), into Boot's startup report with one line naming the variable.
 * Ordered first so that Boot's generic binding analysis does not bury the line.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SecretFailureAnalyzer extends AbstractFailureAnalyzer<SecretConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecretConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + cause.variable() + " (see docs/operations.md and scripts/generate-secrets.sh).", cause);
    }
}
