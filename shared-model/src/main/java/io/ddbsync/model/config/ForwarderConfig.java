package io.ddbsync.model.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * stream-forwarder configuration: CHANGE_QUEUE_URL (required), MAX_MESSAGE_BYTES (default 262144,
 * 1024..1048576), SQS_ENDPOINT (optional), AWS_REGION (required).
 */
public record ForwarderConfig(URI changeQueueUrl, int maxMessageBytes, Optional<URI> sqsEndpoint, String region) {

    public static ForwarderConfig fromEnv(Map<String, String> env) {
        throw new UnsupportedOperationException("TODO shared-model");
    }
}
