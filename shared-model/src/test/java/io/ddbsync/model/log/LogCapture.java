package io.ddbsync.model.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log lines written while it is open, as the configured {@code Json} appender formats them (the
 * one event template, {@link LogFields#LAYOUT}): for tests that assert what a component logs.
 * Events of every thread are captured; the console still gets them too.
 */
public final class LogCapture implements AutoCloseable {

    /** The appender of the shared log4j2.xml whose layout every module's lines go through. */
    public static final String APPENDER = "Json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final Appender appender;

    private LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Appender configured = config.getAppender(APPENDER);
        if (configured == null) {
            throw new IllegalStateException("no appender '" + APPENDER + "' in the log4j2 configuration " + config.getName());
        }
        Layout<?> layout = configured.getLayout();
        appender = new AbstractAppender("capture-" + IDS.incrementAndGet(), null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new String(getLayout().toByteArray(event), StandardCharsets.UTF_8).strip());
            }
        };
        appender.start();
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** The JSON lines so far, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines so far, parsed. */
    public List<JsonNode> json() {
        return lines.stream().map(LogCapture::parse).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("not a JSON log line: " + line, e);
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
