package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class StreamPollerTest {
    private final List<Integer> seen = new CopyOnWriteArrayList<>();
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> recorder = (event, context) -> {
        event.getRecords().forEach(r -> seen.add(Integer.parseInt(r.getDynamodb().getSequenceNumber().substring(1))));
        return null;
    };

    private static StreamPollerConfig config(int batchSize) {
        return StreamPollerConfig.builder("fwd", StreamRecords.STREAM_ARN).batchSize(batchSize)
                .pollInterval(Duration.ofMillis(10)).retryBackoff(Duration.ZERO).build();
    }

    @Test
    void start_parentAndChildShards_childReadOnlyAfterParentFinished() {
        InMemoryStreams streams = new InMemoryStreams();
        // the child is listed first: order must come from the parent link, not from the listing
        streams.shard("shard-child", "shard-parent", StreamRecords.records(4, 6), false);
        streams.shard("shard-parent", null, StreamRecords.records(1, 3), true);

        try (StreamPoller poller = StreamPoller.start(streams, config(2), recorder, OnFailureDestination.none())) {
            Await.until("all six records", () -> seen.size() >= 6);

            assertThat(poller.finishedShards()).containsExactly("shard-parent");
        }

        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void start_iteratorExpires_resumesAfterLastRecordWithoutDuplicates() {
        InMemoryStreams streams = new InMemoryStreams();
        streams.shard("shard-1", null, StreamRecords.records(1, 5), false);
        streams.expireNextGetRecords.set(0);

        try (StreamPoller poller = StreamPoller.start(streams, config(2), (event, context) -> {
            recorder.handleRequest(event, context);
            if (seen.size() == 2) {
                streams.expireNextGetRecords.set(1);
            }
            return null;
        }, OnFailureDestination.none())) {
            Await.until("all five records", () -> seen.size() >= 5);
        }

        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void start_unknownStream_failsNamingTheStream() {
        InMemoryStreams missing = new InMemoryStreams() {
            @Override
            public synchronized software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse describeStream(
                    software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest request) {
                throw ResourceNotFoundException.builder().message("Requested resource not found").build();
            }
        };

        assertThatThrownBy(() -> StreamPoller.start(missing, config(2), recorder, OnFailureDestination.none()))
                .isInstanceOf(EsmException.class).hasMessageContaining(StreamRecords.STREAM_ARN)
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }
}
