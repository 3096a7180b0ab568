package io.ddbsync.localstack.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Structured JSON log lines (stderr) with the ids needed to find the thing again; never record contents. */
final class EsmLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EsmLog() {
    }

    /** A line {@code {"logger":"esm","poller":…,"event":…, k1:v1, …}}; keyValues alternate names and values. */
    static void log(String poller, String event, Object... keyValues) {
        ObjectNode line = JSON.createObjectNode().put("logger", "esm").put("poller", poller).put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            String key = String.valueOf(keyValues[i]);
            Object value = keyValues[i + 1];
            if (value instanceof Long || value instanceof Integer) {
                line.put(key, ((Number) value).longValue());
            } else {
                line.put(key, value == null ? null : String.valueOf(value));
            }
        }
        System.err.println(line);
    }
}
