package io.ddbsync.model.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.model.json.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Baseline: a faithful Java port of the seed post's TypeScript {@code chunkByByteLength}, which
 * pushes each item into a buffer and re-serialises the whole buffer ({@code JSON.stringify}) to
 * measure it, so each record costs time proportional to the chunk it lands in:
 *
 * <pre>
 * for (const chunk of array) {
 *   buffer.push(chunk);
 *   const size = Buffer.byteLength(JSON.stringify(buffer));
 *   if (size &gt; threshold) { const last = buffer.pop()!; chunks.push(buffer); buffer = [last]; }
 * }
 * if (buffer.length) chunks.push(buffer);
 * </pre>
 */
final class SeedChunker {

    private SeedChunker() {
    }

    static List<List<JsonNode>> chunkByByteLength(List<JsonNode> array, int threshold) {
        List<List<JsonNode>> chunks = new ArrayList<>();
        List<JsonNode> buffer = new ArrayList<>();
        for (JsonNode chunk : array) {
            buffer.add(chunk);
            int size = stringify(buffer).getBytes(StandardCharsets.UTF_8).length;
            if (size > threshold) {
                JsonNode last = buffer.remove(buffer.size() - 1);
                chunks.add(buffer);
                buffer = new ArrayList<>();
                buffer.add(last);
            }
        }
        if (!buffer.isEmpty()) {
            chunks.add(buffer);
        }
        return chunks;
    }

    private static String stringify(List<JsonNode> buffer) {
        try {
            return Json.MAPPER.writeValueAsString(buffer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
