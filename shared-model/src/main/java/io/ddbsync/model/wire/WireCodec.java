package io.ddbsync.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Strict JSON encoding/decoding of the version-1 wire format (see DESIGN.md). */
public final class WireCodec {

    private WireCodec() {
    }

    /** The message body of an envelope (compact JSON, UTF-8 when sent). */
    public static String encode(ChangeEnvelope envelope) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    /** Parses a message body; any unknown version, missing field or wrong type is a {@link WireFormatException} naming it. */
    public static ChangeEnvelope decode(String body) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    /** One record as it appears inside {@code records}. */
    public static ObjectNode toJson(WireRecord record) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    /** Parses one element of {@code records}. */
    public static WireRecord recordFromJson(JsonNode node) {
        throw new UnsupportedOperationException("TODO shared-model");
    }
}
