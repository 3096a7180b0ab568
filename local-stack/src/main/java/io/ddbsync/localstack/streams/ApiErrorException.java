package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the emulator answers with an AWS-shaped error ({@code __type} and {@code message}, HTTP 400), e.g.
 * {@code ResourceNotFoundException} for an unknown stream or {@code ExpiredIteratorException}.
 */
final class ApiErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final String type;

    ApiErrorException(String type, String message) {
        super(message);
        this.type = type;
    }

    static ApiErrorException validation(String message) {
        return new ApiErrorException("ValidationException", message);
    }

    static ApiErrorException notFound(String message) {
        return new ApiErrorException("ResourceNotFoundException", message);
    }

    String type() {
        return type;
    }

    ObjectNode body() {
        ObjectNode body = ApiBodies.object();
        body.put("__type", PREFIX + type);
        body.put("message", getMessage());
        return body;
    }
}
