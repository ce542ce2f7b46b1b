package io.reelport.common.keys;

/**
 * A secret or key setting that is missing or too weak. Its message is one line that starts with
 * the environment variable to fix; {@link SecretFailureAnalyzer} shows it instead of a stack trace.
 */
public final class SecretConfigurationException extends IllegalArgumentException {

    private final String variable;

    public SecretConfigurationException(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
