package io.ddbsync.model.config;

/** A missing or invalid configuration value; {@link #variable()} names the environment variable. */
public class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String message) {
        super(variable + ": " + message);
        this.variable = variable;
    }

    public ConfigException(String variable, String message, Throwable cause) {
        super(variable + ": " + message, cause);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
