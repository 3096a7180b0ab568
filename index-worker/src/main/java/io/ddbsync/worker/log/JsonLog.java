package io.ddbsync.worker.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * Structured log lines: one JSON object per line with a level, an event name and the ids needed
 * to find the thing again (table, document id, messageId, sequence number). Never an item image.
 */
public final class JsonLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String logger;
    private final PrintStream out;

    public JsonLog(String logger) {
        this(logger, System.out);
    }

    public JsonLog(String logger, PrintStream out) {
        this.logger = logger;
        this.out = out;
    }

    public void info(String event, Map<String, ?> fields) {
        write("INFO", event, fields, null);
    }

    public void warn(String event, Map<String, ?> fields) {
        write("WARN", event, fields, null);
    }

    public void error(String event, Map<String, ?> fields, Throwable cause) {
        write("ERROR", event, fields, cause);
    }

    private void write(String level, String event, Map<String, ?> fields, Throwable cause) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("logger", logger);
        line.put("event", event);
        fields.forEach((k, v) -> line.set(k, MAPPER.valueToTree(v)));
        if (cause != null) {
            line.put("exception", cause.getClass().getName());
            line.put("exceptionMessage", String.valueOf(cause.getMessage()));
        }
        String text = line.toString();
        synchronized (out) {
            out.println(text);
        }
    }
}
