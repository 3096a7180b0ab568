package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsBatchOutcomeTest {
    private static final List<String> IDS = List.of("a", "b", "c");

    private static Invocation<SQSBatchResponse> returned(SQSBatchResponse response) {
        return Invocation.returned("req", response, Duration.ofMillis(1));
    }

    private static SQSBatchResponse failures(String... ids) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (String id : ids) {
            failures.add(new SQSBatchResponse.BatchItemFailure(id));
        }
        return new SQSBatchResponse(failures);
    }

    @Test
    void of_reportedFailure_deletesOnlyTheOthers() {
        SqsBatchOutcome outcome = SqsBatchOutcome.of(IDS, returned(failures("b")), true);

        assertThat(outcome.wholeBatchFailed()).isFalse();
        assertThat(outcome.succeeded()).containsExactly("a", "c");
        assertThat(outcome.failed()).containsExactly("b");
    }

    @Test
    void of_nullOrEmptyResponse_isSuccess() {
        assertThat(SqsBatchOutcome.of(IDS, returned(null), true).succeeded()).containsExactlyElementsOf(IDS);
        assertThat(SqsBatchOutcome.of(IDS, returned(new SQSBatchResponse(null)), true).succeeded()).containsExactlyElementsOf(IDS);
        assertThat(SqsBatchOutcome.of(IDS, returned(failures()), true).failed()).isEmpty();
    }

    @Test
    void of_nullEmptyOrUnknownIdentifier_failsWholeBatch() {
        for (SQSBatchResponse response : List.of(failures((String) null), failures(""), failures("zzz"), failures("a", "zzz"))) {
            SqsBatchOutcome outcome = SqsBatchOutcome.of(IDS, returned(response), true);

            assertThat(outcome.wholeBatchFailed()).isTrue();
            assertThat(outcome.succeeded()).isEmpty();
            assertThat(outcome.failed()).containsExactlyElementsOf(IDS);
        }
    }

    @Test
    void of_thrownOrTimedOut_failsWholeBatch() {
        SqsBatchOutcome thrown = SqsBatchOutcome.of(IDS, Invocation.threw("req", new IllegalStateException("boom"), Duration.ZERO), true);
        SqsBatchOutcome timedOut = SqsBatchOutcome.of(IDS, Invocation.timedOut("req", Duration.ofSeconds(4)), true);

        assertThat(thrown.succeeded()).isEmpty();
        assertThat(thrown.reason()).contains("boom");
        assertThat(timedOut.succeeded()).isEmpty();
        assertThat(timedOut.reason()).contains("timed out");
    }

    @Test
    void of_reportingDisabled_ignoresResponseAndDeletesAll() {
        assertThat(SqsBatchOutcome.of(IDS, returned(failures("b")), false).succeeded()).containsExactlyElementsOf(IDS);
    }
}
