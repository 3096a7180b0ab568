package io.ddbsync.aws.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Where {@code aws-embedded-metrics} writes: chosen explicitly, never probed, so nothing outside
 * Lambda tries to reach a CloudWatch agent socket or an instance metadata endpoint.
 */
public final class EmfEnvironments {

    private EmfEnvironments() {
    }

    /** In Lambda: one JSON line per flush on stdout, which CloudWatch Logs turns into metrics. */
    public static Environment lambda() {
        return new LambdaEnvironment();
    }

    /** Outside Lambda (the local pipeline, tests): each EMF JSON line handed to {@code out}. */
    public static Environment lines(Consumer<String> out) {
        Objects.requireNonNull(out, "out");
        ISink sink = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    context.serialize().forEach(out);
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException("EMF metrics could not be serialized", e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };
        return new Environment() {
            @Override
            public boolean probe() {
                return true;
            }

            @Override
            public String getName() {
                return "ddbsync";
            }

            @Override
            public String getType() {
                return "Local";
            }

            @Override
            public String getLogGroupName() {
                return "ddbsync";
            }

            @Override
            public void configureContext(MetricsContext context) {
            }

            @Override
            public ISink getSink() {
                return sink;
            }
        };
    }
}
