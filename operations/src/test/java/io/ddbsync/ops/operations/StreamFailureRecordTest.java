package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamFailureRecordTest {

    /** The shape Lambda sends to a DynamoDB stream mapping's on-failure destination. */
    static final String ON_FAILURE = """
            {"requestContext":{"requestId":"316aa6d0-8154-xmpl-9af7-85d5f4a6bc81",
              "functionArn":"arn:aws:lambda:us-east-2:123456789012:function:myfunction",
              "condition":"RetryAttemptsExhausted","approximateInvokeCount":1},
             "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
             "version":"1.0","timestamp":"2019-11-14T00:13:49.717Z",
             "DDBStreamBatchInfo":{"shardId":"shardId-00000001573689847184-864758bb",
              "startSequenceNumber":"800000000003126276362","endSequenceNumber":"800000000003126276370",
              "approximateArrivalOfFirstRecord":"2019-11-14T00:12:53Z","approximateArrivalOfLastRecord":"2019-11-14T00:12:53Z",
              "batchSize":3,"streamArn":"arn:aws:dynamodb:us-east-2:123456789012:table/Posts/stream/2019-11-14T00:04:06.388"}}
            """;

    @Test
    void parse_lambdaOnFailureRecord_rangeAndStream() {
        StreamFailureRecord r = StreamFailureRecord.parse(ON_FAILURE);

        assertThat(r.shardId()).isEqualTo("shardId-00000001573689847184-864758bb");
        assertThat(r.startSequenceNumber()).isEqualTo("800000000003126276362");
        assertThat(r.endSequenceNumber()).isEqualTo("800000000003126276370");
        assertThat(r.streamArn()).endsWith("table/Posts/stream/2019-11-14T00:04:06.388");
        assertThat(r.batchSize()).isEqualTo(3);
        assertThat(r.condition()).isEqualTo("RetryAttemptsExhausted");
        assertThat(r.isAfterEnd("800000000003126276371")).isTrue();
        assertThat(r.isAfterEnd("800000000003126276370")).isFalse();
        assertThat(r.isBeforeStart("800000000003126276361")).isTrue();
    }

    @Test
    void parse_changeEnvelopeInsteadOfOnFailureRecord_rejectedWithReason() {
        assertThatThrownBy(() -> StreamFailureRecord.parse("{\"v\":1,\"id\":\"x\",\"table\":\"T\",\"records\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DDBStreamBatchInfo");
    }

    @Test
    void parse_missingShard_namesTheField() {
        assertThatThrownBy(() -> StreamFailureRecord.parse(ON_FAILURE.replace("\"shardId\"", "\"shard\"")))
                .hasMessageContaining("shardId");
    }

    @Test
    void tableOf_streamArn_tableNameOrEmpty() {
        assertThat(StreamFailureRecord.tableOf("arn:aws:dynamodb:us-east-1:123456789012:table/Posts/stream/2026-12-05T00:00:00.000"))
                .contains("Posts");
        assertThat(StreamFailureRecord.tableOf("arn:aws:sqs:us-east-1:123456789012:q")).isEmpty();
    }
}
