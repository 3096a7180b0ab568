package io.ddbsync.model.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * stream-forwarder configuration: CHANGE_QUEUE_URL (required), MAX_MESSAGE_BYTES (default 262144,
 * 1024..1048576), SQS_ENDPOINT (optional), AWS_REGION (required).
 */
public record ForwarderConfig(URI changeQueueUrl, int maxMessageBytes, Optional<URI> sqsEndpoint, String region) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;

    public ForwarderConfig {
        Objects.requireNonNull(changeQueueUrl, "changeQueueUrl");
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(region, "region");
    }

    public static ForwarderConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new ForwarderConfig(
                r.requiredUrl("CHANGE_QUEUE_URL"),
                r.intInRange("MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES, 1024, 1_048_576),
                r.optionalUrl("SQS_ENDPOINT"),
                r.region("AWS_REGION"));
    }
}
