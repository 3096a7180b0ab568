package io.ddbsync.localstack;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds the one started instance of a service per JVM: started on first use, stopped by a shutdown hook.
 * A failed start is remembered, so every later caller gets the same error instead of another slow attempt.
 */
final class SharedInstance<T> {
    private final String service;
    private final Supplier<T> starter;
    private final Consumer<T> stopper;
    private T instance;
    private RuntimeException failure;

    SharedInstance(String service, Supplier<T> starter, Consumer<T> stopper) {
        this.service = service;
        this.starter = starter;
        this.stopper = stopper;
    }

    synchronized T get() {
        if (instance != null) {
            return instance;
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
