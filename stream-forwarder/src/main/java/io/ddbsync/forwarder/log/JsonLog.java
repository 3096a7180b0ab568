package io.ddbsync.forwarder.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Structured JSON log lines ({@code timestamp, level, logger, message} plus ids such as table and
 * sequence number). Never given item images.
 */
public final class JsonLog {

    private final Consumer<String> out;
    private final Clock clock;

    public JsonLog(Consumer<String> out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static JsonLog stdout() {
        return new JsonLog(System.out::println, Clock.systemUTC());
    }

    public void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private void write(String level, String message, Map<String, ?> fields) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("timestamp", Instant.ofEpochMilli(clock.millis()).toString());
        line.put("level", level);
        line.put("logger", "stream-forwarder");
        line.put("message", message);
        fields.forEach((k, v) -> {
            if (v == null) {
                line.putNull(k);
            } else if (v instanceof Number n) {
                line.put(k, n.longValue());
            } else {
                line.put(k, String.valueOf(v));
            }
        });
        out.accept(line.toString());
    }
}
