package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/** Responses the emulator writes itself, with the headers the SDK checks ({@code x-amz-crc32}). */
final class Responses {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private Responses() {
    }

    static DynaliteClient.Response json(int status, ObjectNode body) {
        byte[] bytes = ApiBodies.bytes(body);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(CONTENT_TYPE));
        headers.put("x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
        headers.put("x-amz-crc32", List.of(crc32(bytes)));
        return new DynaliteClient.Response(status, headers, bytes);
    }

    static DynaliteClient.Response error(ApiErrorException error) {
        return error(error, 400);
    }

    static DynaliteClient.Response error(ApiErrorException error, int status) {
        return json(status, error.body());
    }

    /** {@code response} from the server with a changed body: same status and headers, a new checksum. */
    static DynaliteClient.Response withBody(DynaliteClient.Response response, ObjectNode body) {
        byte[] bytes = ApiBodies.bytes(body);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("x-amz-crc32") && !lower.equals("content-length")) {
                headers.put(name, values);
            }
        });
        headers.put("x-amz-crc32", List.of(crc32(bytes)));
        return new DynaliteClient.Response(response.status(), headers, bytes);
    }

    private static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toString(crc.getValue());
    }
}
