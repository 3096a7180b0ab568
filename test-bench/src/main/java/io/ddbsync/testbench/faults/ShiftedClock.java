package io.ddbsync.testbench.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock plus an offset a scenario can move forward: time passing for the worker (days of it) in seconds. */
final class ShiftedClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    void shift(Duration by) {
        offset = by;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
