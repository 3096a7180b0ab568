package io.ddbsync.infra.config;

/** A missing or invalid deployment input; {@link #key()} names the CDK context key (or props field). */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidSettingException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public InvalidSettingException(String key, String message, Throwable cause) {
        super(key + ": " + message, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
