package io.ddbsync.localstack;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the one started instance of a service per JVM: started on first use, stopped by a shutdown hook.
 * A failed start is remembered, so every later caller gets the same error instead of another slow attempt.
 * An instance whose process has died since is reported (with what it last wrote) and replaced by a new one,
 * so one crash fails the test that caused it rather than every later test of the JVM.
 */
final class SharedInstance<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SharedInstance.class);

    private final String service;
    private final Supplier<T> starter;
    private final Consumer<T> stopper;
    private final Function<T, Optional<String>> death;
    private T instance;
    private RuntimeException failure;

    SharedInstance(String service, Supplier<T> starter, Consumer<T> stopper) {
        this(service, starter, stopper, started -> Optional.empty());
    }

    /** @param death what a dead instance last wrote, or empty while it is alive */
    SharedInstance(String service, Supplier<T> starter, Consumer<T> stopper, Function<T, Optional<String>> death) {
        this.service = service;
        this.starter = starter;
        this.stopper = stopper;
        this.death = death;
    }

    synchronized T get() {
        if (instance != null) {
            Optional<String> died = death.apply(instance);
            if (died.isEmpty()) {
                return instance;
            }
            LOG.atWarn().addKeyValue("service", service).addKeyValue("lastOutput", died.get())
                    .log("the shared service died; starting a new one");
            stopper.accept(instance);
            instance = null;
        }
        if (failure != null) {
            throw new LocalStackException("shared " + service + " failed to start earlier in this JVM", failure);
        }
        try {
            T started = starter.get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopper.accept(started), "stop-shared-" + service));
            instance = started;
            return started;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }
}
