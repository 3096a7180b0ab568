package io.ddbsync.testbench.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Sends every log line of this process to a file (log4j2-local.xml: the same JSON layout, a file
 * appender) while {@code ddbsync local} owns the terminal; {@link #close()} restores the configuration
 * in force before.
 */
public final class LogToFile implements AutoCloseable {

    static final String FILE_PROPERTY = "ddbsync.local.logFile";
    private static final String CONFIGURATION = "/log4j2-local.xml";

    private final LoggerContext context;
    private final URI previous;

    private LogToFile(LoggerContext context, URI previous) {
        this.context = context;
        this.previous = previous;
    }

    /** Switches every log line of this process to {@code file} until {@link #close()}. */
    public static LogToFile start(Path file) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        // the configuration in force (found on the class path, so not the context's configLocation)
        URI previous = context.getConfiguration().getConfigurationSource().getURI();
        System.setProperty(FILE_PROPERTY, file.toAbsolutePath().toString());
        try {
            context.setConfigLocation(Objects.requireNonNull(LogToFile.class.getResource(CONFIGURATION),
                    CONFIGURATION + " is not on the class path").toURI());
        } catch (URISyntaxException e) {
            throw new LocalPipelineException("cannot read " + CONFIGURATION, e);
        }
        return new LogToFile(context, previous);
    }

    @Override
    public void close() {
        context.setConfigLocation(previous);
    }
}
