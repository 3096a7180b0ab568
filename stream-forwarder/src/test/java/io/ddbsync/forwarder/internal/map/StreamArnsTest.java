package io.ddbsync.forwarder.internal.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamArnsTest {

    @Test
    void tableName_streamArnsOfAllPartitions_returnsTheTable() {
        assertThat(StreamArns.tableName("arn:aws:dynamodb:us-east-1:123456789012:table/Posts/stream/2015-06-27T00:48:05.899"))
                .contains("Posts");
        assertThat(StreamArns.tableName("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/my.table-1_x/stream/label"))
                .contains("my.table-1_x");
        assertThat(StreamArns.tableName("arn:aws-us-gov:dynamodb:us-gov-west-1:1:table/T/stream/x")).contains("T");
    }

    @Test
    void tableName_otherArnsOrNull_returnsEmpty() {
        assertThat(StreamArns.tableName(null)).isEmpty();
        assertThat(StreamArns.tableName("")).isEmpty();
        assertThat(StreamArns.tableName("arn:aws:dynamodb:us-east-1:123456789012:table/Posts")).isEmpty();
        assertThat(StreamArns.tableName("arn:aws:kinesis:us-east-1:123456789012:stream/Posts")).isEmpty();
        assertThat(StreamArns.tableName("arn:aws:dynamodb:us-east-1:1:table/a b/stream/x")).isEmpty();
    }
}
