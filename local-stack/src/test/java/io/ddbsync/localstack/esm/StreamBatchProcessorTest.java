package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class StreamBatchProcessorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A test function: records the sequence numbers of every batch and answers what {@code answer} says. */
    private static final class Recorder implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        private final BiFunction<Integer, List<Integer>, StreamsEventResponse> answer;

        Recorder(BiFunction<Integer, List<Integer>, StreamsEventResponse> answer) {
            this.answer = answer;
        }

        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            List<Integer> seqs = event.getRecords().stream()
                    .map(r -> Integer.parseInt(r.getDynamodb().getSequenceNumber().substring(1))).toList();
            batches.add(seqs);
            return answer.apply(batches.size(), seqs);
        }
    }

    private static StreamsEventResponse failAt(Integer... seqs) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (Integer seq : seqs) {
            failures.add(new StreamsEventResponse.BatchItemFailure(seq == null ? null : StreamRecords.seq(seq)));
        }
        return new StreamsEventResponse(failures);
    }

    private final List<OnFailureRecord> onFailure = new CopyOnWriteArrayList<>();
    private final PollerCounters counters = new PollerCounters();

    private boolean run(StreamPollerConfig.Builder config, Recorder handler, int from, int to, Clock clock) {
        StreamPollerConfig built = config.retryBackoff(Duration.ZERO).build();
        LambdaFunction<DynamodbEvent, StreamsEventResponse> function = LambdaFunction.of(built.functionName(), DynamodbEvent.class,
                handler, built.functionTimeout());
        StreamBatchProcessor processor = new StreamBatchProcessor("shardId-1", built, function, onFailure::add, counters, clock,
                () -> true, duration -> true);
        return processor.process(StreamRecords.records(from, to));
    }

    private boolean run(StreamPollerConfig.Builder config, Recorder handler, int from, int to) {
        return run(config, handler, from, to, Clock.fixed(StreamRecords.CREATED.plusSeconds(30), ZoneOffset.UTC));
    }

    private static StreamPollerConfig.Builder config() {
        return StreamPollerConfig.builder("fwd", StreamRecords.STREAM_ARN).bisectBatchOnFunctionError(false);
    }

    private JsonNode onlyOnFailure() throws Exception {
        assertThat(onFailure).hasSize(1);
        return JSON.readTree(onFailure.get(0).metadataJson());
    }

    @Test
    void process_success_invokesOnceAndCountsAll() {
        Recorder handler = new Recorder((n, seqs) -> null);

        assertThat(run(config(), handler, 1, 5)).isTrue();

        assertThat(handler.batches).containsExactly(List.of(1, 2, 3, 4, 5));
        assertThat(counters.snapshot()).isEqualTo(new PollerStats(1, 5, 5, 0, 0, 0));
        assertThat(onFailure).isEmpty();
    }

    @Test
    void process_emptyFailureList_isSuccess() {
        Recorder handler = new Recorder((n, seqs) -> failAt());

        run(config(), handler, 1, 3);

        assertThat(handler.batches).hasSize(1);
        assertThat(counters.snapshot().succeededRecords()).isEqualTo(3);
    }

    @Test
    void process_reportedFailure_retriesFromThatSequenceNumber() {
        Recorder handler = new Recorder((n, seqs) -> n == 1 ? failAt(3) : null);

        run(config(), handler, 1, 5);

        assertThat(handler.batches).containsExactly(List.of(1, 2, 3, 4, 5), List.of(3, 4, 5));
        assertThat(counters.snapshot().succeededRecords()).isEqualTo(5);
        assertThat(onFailure).isEmpty();
    }

    @Test
    void process_severalReportedFailures_retriesFromLowest() {
        Recorder handler = new Recorder((n, seqs) -> n == 1 ? failAt(4, 2) : null);

        run(config(), handler, 1, 5);

        assertThat(handler.batches).containsExactly(List.of(1, 2, 3, 4, 5), List.of(2, 3, 4, 5));
    }

    @Test
    void process_reportedFailureWithBisect_retriesOnlyTheRest() {
        Recorder handler = new Recorder((n, seqs) -> n == 1 ? failAt(4) : null);

        run(config().bisectBatchOnFunctionError(true), handler, 1, 5);

        assertThat(handler.batches).containsExactly(List.of(1, 2, 3, 4, 5), List.of(4, 5));
    }

    @Test
    void process_invalidItemIdentifier_failsWholeBatch() throws Exception {
        for (Integer invalid : new Integer[] {null, 99}) {
            onFailure.clear();
            Recorder handler = new Recorder((n, seqs) -> n == 1 ? failAt(2, invalid) : null);

            run(config().maximumRetryAttempts(1), handler, 1, 3);

            assertThat(handler.batches).containsExactly(List.of(1, 2, 3), List.of(1, 2, 3));
            assertThat(onFailure).isEmpty();
        }
    }

    @Test
    void process_emptyItemIdentifier_failsWholeBatch() {
        Recorder handler = new Recorder((n, seqs) -> n == 1
                ? new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(""))) : null);

        run(config(), handler, 1, 3);

        assertThat(handler.batches).containsExactly(List.of(1, 2, 3), List.of(1, 2, 3));
        assertThat(counters.snapshot().failedInvocations()).isEqualTo(1);
    }

    @Test
    void process_alwaysThrows_exhaustsRetriesAndReportsWholeRange() throws Exception {
        Recorder handler = new Recorder((n, seqs) -> {
            throw new IllegalStateException("poison");
        });

        assertThat(run(config().maximumRetryAttempts(2), handler, 1, 4)).isTrue();

        assertThat(handler.batches).hasSize(3).allSatisfy(batch -> assertThat(batch).containsExactly(1, 2, 3, 4));
        JsonNode record = onlyOnFailure();
        assertThat(record.get("requestContext").get("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.get("requestContext").get("functionArn").asText()).endsWith(":function:fwd");
        assertThat(record.get("responseContext").get("functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.get("DDBStreamBatchInfo").get("startSequenceNumber").asText()).isEqualTo(StreamRecords.seq(1));
        assertThat(record.get("DDBStreamBatchInfo").get("endSequenceNumber").asText()).isEqualTo(StreamRecords.seq(4));
        assertThat(record.get("DDBStreamBatchInfo").get("batchSize").asInt()).isEqualTo(4);
        assertThat(record.get("DDBStreamBatchInfo").get("shardId").asText()).isEqualTo("shardId-1");
        assertThat(counters.snapshot()).isEqualTo(new PollerStats(3, 12, 0, 3, 12, 4));
    }

    @Test
    void process_zeroRetries_reportsAfterFirstFailure() throws Exception {
        Recorder handler = new Recorder((n, seqs) -> failAt(seqs.get(0)));

        run(config().maximumRetryAttempts(0), handler, 1, 2);

        assertThat(handler.batches).containsExactly(List.of(1, 2));
        JsonNode record = onlyOnFailure();
        assertThat(record.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(record.get("responseContext").has("functionError")).isFalse();
    }

    @Test
    void process_bisectOnError_isolatesPoisonRecordWithoutUsingRetries() throws Exception {
        Recorder handler = new Recorder((n, seqs) -> {
            if (seqs.contains(3)) {
                throw new IllegalStateException("poison 3");
            }
            return null;
        });

        run(config().bisectBatchOnFunctionError(true).maximumRetryAttempts(1), handler, 1, 4);

        // [1-4] fails → halves [1,2] ok, [3,4] fails → [3] fails, retried once, given up; [4] ok; order kept
        assertThat(handler.batches).containsExactly(List.of(1, 2, 3, 4), List.of(1, 2), List.of(3, 4), List.of(3), List.of(3), List.of(4));
        JsonNode record = onlyOnFailure();
        assertThat(record.get("DDBStreamBatchInfo").get("startSequenceNumber").asText()).isEqualTo(StreamRecords.seq(3));
        assertThat(record.get("DDBStreamBatchInfo").get("endSequenceNumber").asText()).isEqualTo(StreamRecords.seq(3));
        assertThat(record.get("DDBStreamBatchInfo").get("batchSize").asInt()).isEqualTo(1);
        assertThat(record.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(4);
        assertThat(counters.snapshot().succeededRecords()).isEqualTo(3);
        assertThat(counters.snapshot().discardedRecords()).isEqualTo(1);
    }

    @Test
    void process_reportedFailureKeepsFailing_reportsTheRestAfterRetries() throws Exception {
        Recorder handler = new Recorder((n, seqs) -> failAt(3));

        run(config().maximumRetryAttempts(1), handler, 1, 5);

        assertThat(handler.batches).containsExactly(List.of(1, 2, 3, 4, 5), List.of(3, 4, 5));
        JsonNode info = onlyOnFailure().get("DDBStreamBatchInfo");
        assertThat(info.get("startSequenceNumber").asText()).isEqualTo(StreamRecords.seq(3));
        assertThat(info.get("endSequenceNumber").asText()).isEqualTo(StreamRecords.seq(5));
        assertThat(info.get("batchSize").asInt()).isEqualTo(3);
        assertThat(counters.snapshot().succeededRecords()).isEqualTo(2);
    }

    @Test
    void process_recordsTooOld_reportedWithoutInvokingAndRestInvoked() throws Exception {
        Recorder handler = new Recorder((n, seqs) -> null);
        // records are created at CREATED + i s; now = CREATED + 62.5 s, max age 60 s: records 1 and 2 are too old
        Clock clock = Clock.fixed(StreamRecords.CREATED.plusMillis(62_500), ZoneOffset.UTC);

        run(config().maximumRecordAgeInSeconds(60), handler, 1, 4, clock);

        assertThat(handler.batches).containsExactly(List.of(3, 4));
        JsonNode record = onlyOnFailure();
        assertThat(record.get("requestContext").get("condition").asText()).isEqualTo("RecordAgeExceeded");
        assertThat(record.get("requestContext").get("approximateInvokeCount").asInt()).isZero();
        assertThat(record.get("DDBStreamBatchInfo").get("endSequenceNumber").asText()).isEqualTo(StreamRecords.seq(2));
    }

    @Test
    void process_reportingDisabled_ignoresItemFailures() {
        Recorder handler = new Recorder((n, seqs) -> failAt(2));

        run(config().reportBatchItemFailures(false), handler, 1, 3);

        assertThat(handler.batches).hasSize(1);
        assertThat(counters.snapshot().succeededRecords()).isEqualTo(3);
    }

    @Test
    void process_stopped_returnsFalseWithoutInvoking() {
        Recorder handler = new Recorder((n, seqs) -> null);
        StreamPollerConfig built = config().build();
        StreamBatchProcessor processor = new StreamBatchProcessor("s", built,
                LambdaFunction.of("fwd", DynamodbEvent.class, handler, built.functionTimeout()), onFailure::add, counters,
                Clock.systemUTC(), () -> false, d -> false);

        assertThat(processor.process(StreamRecords.records(1, 2))).isFalse();
        assertThat(handler.batches).isEmpty();
    }

    @Test
    void process_destinationUnreachableThenBack_sendsOnceItWorks() {
        List<OnFailureRecord> delivered = new ArrayList<>();
        int[] attempts = {0};
        OnFailureDestination flaky = record -> {
            if (attempts[0]++ == 0) {
                throw new EsmException("queue down");
            }
            delivered.add(record);
        };
        StreamPollerConfig built = config().maximumRetryAttempts(0).retryBackoff(Duration.ZERO).build();
        StreamBatchProcessor processor = new StreamBatchProcessor("s", built,
                LambdaFunction.of("fwd", DynamodbEvent.class, new Recorder((n, s) -> failAt(1)), built.functionTimeout()),
                flaky, counters, Clock.systemUTC(), () -> true, d -> true);

        assertThat(processor.process(StreamRecords.records(1, 1))).isTrue();
        assertThat(delivered).hasSize(1);
        assertThat(Set.of(attempts[0])).containsExactly(2);
    }
}
