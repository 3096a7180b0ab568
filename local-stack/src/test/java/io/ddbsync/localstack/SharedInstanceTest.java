package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedInstanceTest {

    /** A started service that can be made to die. */
    private static final class Service {
        final int number;
        volatile boolean dead;

        Service(int number) {
            this.number = number;
        }
    }

    @Test
    void get_instanceAlive_sameInstanceEveryCall() {
        AtomicInteger starts = new AtomicInteger();
        SharedInstance<Service> shared = new SharedInstance<>("svc", () -> new Service(starts.incrementAndGet()),
                s -> { }, s -> s.dead ? Optional.of("gone") : Optional.empty());

        Service first = shared.get();

        assertThat(shared.get()).isSameAs(first);
        assertThat(starts).hasValue(1);
    }

    @Test
    void get_instanceDiedSince_deadOneStoppedAndANewOneStarted() {
        AtomicInteger starts = new AtomicInteger();
        List<Integer> stopped = new ArrayList<>();
        SharedInstance<Service> shared = new SharedInstance<>("svc", () -> new Service(starts.incrementAndGet()),
                s -> stopped.add(s.number), s -> s.dead ? Optional.of("last words") : Optional.empty());
        Service first = shared.get();

        first.dead = true;
        Service second = shared.get();

        assertThat(second.number).isEqualTo(2);
        assertThat(stopped).containsExactly(1);
        assertThat(shared.get()).isSameAs(second);
    }
}
