package io.ddbsync.localstack;

import java.net.URI;
import java.time.Duration;

/** One JSON line on stderr per started or stopped service, so test logs show endpoints and start times. */
final class StartLog {
    private StartLog() {
    }

    static void started(String service, URI endpoint, Duration took) {
        System.err.printf("{\"logger\":\"local-stack\",\"event\":\"started\",\"service\":\"%s\",\"endpoint\":\"%s\",\"startMillis\":%d}%n",
                service, endpoint, took.toMillis());
    }

    static void stopped(String service, URI endpoint, Duration took) {
        System.err.printf("{\"logger\":\"local-stack\",\"event\":\"stopped\",\"service\":\"%s\",\"endpoint\":\"%s\",\"stopMillis\":%d}%n",
                service, endpoint, took.toMillis());
    }
}
