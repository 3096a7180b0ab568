package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** One configured, thread-safe Jackson mapper for the request and response bodies of the emulator. */
final class ApiBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiBodies() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body; an empty body is an empty object, malformed JSON a {@code SerializationException}. */
    static ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new ApiErrorException("SerializationException", "Malformed JSON: " + e.getMessage());
        }
        throw new ApiErrorException("SerializationException", "Request body is not a JSON object");
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new StreamsEmulatorException("cannot serialize a response body", e);
        }
    }
}
