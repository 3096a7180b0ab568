package io.ddbsync.localstack.esm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A tiny in-memory stream for unit tests of shard handling (parent before child, iterator expiry) that the
 * emulator cannot be driven into on demand. Iterators are {@code shardId|index}.
 */
class InMemoryStreams implements DynamoDbStreamsClient {
    private record StoredShard(String parent, List<Record> records, boolean closed) {
    }

    private final Map<String, StoredShard> shards = new LinkedHashMap<>();
    final AtomicInteger expireNextGetRecords = new AtomicInteger();

    synchronized void shard(String shardId, String parent, List<Record> records, boolean closed) {
        shards.put(shardId, new StoredShard(parent, new ArrayList<>(records), closed));
    }

    @Override
    public synchronized DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        List<Shard> list = new ArrayList<>();
        shards.forEach((id, shard) -> list.add(Shard.builder().shardId(id).parentShardId(shard.parent())
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber(
                        shard.records().isEmpty() ? null : shard.records().get(0).dynamodb().sequenceNumber()).build()).build()));
        return DescribeStreamResponse.builder().streamDescription(StreamDescription.builder().streamArn(request.streamArn())
                .shards(list).build()).build();
    }

    @Override
    public synchronized GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        StoredShard shard = shards.get(request.shardId());
        int index = switch (request.shardIteratorType()) {
            case TRIM_HORIZON -> 0;
            case LATEST -> shard.records().size();
            case AFTER_SEQUENCE_NUMBER -> indexOf(shard, request.sequenceNumber()) + 1;
            case AT_SEQUENCE_NUMBER -> indexOf(shard, request.sequenceNumber());
            default -> throw new IllegalArgumentException(request.shardIteratorTypeAsString());
        };
        return GetShardIteratorResponse.builder().shardIterator(request.shardId() + "|" + index).build();
    }

    @Override
    public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
        if (expireNextGetRecords.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw ExpiredIteratorException.builder().message("Iterator expired").build();
        }
        String[] parts = request.shardIterator().split("\\|");
        StoredShard shard = shards.get(parts[0]);
        int from = Integer.parseInt(parts[1]);
        int to = Math.min(shard.records().size(), from + (request.limit() == null ? 1000 : request.limit()));
        boolean end = shard.closed() && to >= shard.records().size();
        return GetRecordsResponse.builder().records(shard.records().subList(from, to))
                .nextShardIterator(end ? null : parts[0] + "|" + to).build();
    }

    private static int indexOf(StoredShard shard, String sequenceNumber) {
        for (int i = 0; i < shard.records().size(); i++) {
            if (shard.records().get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no record " + sequenceNumber);
    }

    @Override
    public String serviceName() {
        return "in-memory-streams";
    }

    @Override
    public void close() {
    }
}
