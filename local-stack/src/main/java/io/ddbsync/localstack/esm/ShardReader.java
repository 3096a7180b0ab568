package io.ddbsync.localstack.esm;

import io.ddbsync.model.log.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads one shard in order: GetRecords until a batch is full, the batching window has passed since its first
 * record, or the shard is closed; then hands the batch to the {@link StreamBatchProcessor} and waits for it
 * before reading on. Returns when the shard is closed and fully processed, or when the poller stops.
 */
final class ShardReader {
    private static final Logger LOG = LoggerFactory.getLogger(ShardReader.class);

    private static final int MAX_LIMIT = 1000;
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

    private final DynamoDbStreamsClient streams;
    private final StreamPollerConfig config;
    private final String shardId;
    private final ShardIteratorType startType;
    private final String initialIterator;
    private final StreamBatchProcessor processor;
    private final BooleanSupplier running;
    private final Pauser pauser;

    /**
     * @param initialIterator an iterator taken when the mapping started (LATEST must mean "as of the start"), or
     *                        null to take one of {@code startType} when reading begins
     */
    ShardReader(DynamoDbStreamsClient streams, StreamPollerConfig config, String shardId, ShardIteratorType startType,
                String initialIterator, StreamBatchProcessor processor, BooleanSupplier running, Pauser pauser) {
        this.streams = streams;
        this.config = config;
        this.shardId = shardId;
        this.startType = startType;
        this.initialIterator = initialIterator;
        this.processor = processor;
        this.running = running;
        this.pauser = pauser;
    }

    /** Reads the shard; true when it was closed and every record processed, false when stopped first. */
    boolean read() {
        String iterator = initialIterator;
        String lastSequenceNumber = null;
        List<Record> buffer = new ArrayList<>();
        long windowStart = 0;
        while (running.getAsBoolean()) {
            GetRecordsResponse response;
            try {
                if (iterator == null) {
                    iterator = iterator(lastSequenceNumber);
                }
                String current = iterator;
                int limit = Math.min(MAX_LIMIT, config.batchSize() - buffer.size());
                response = streams.getRecords(g -> g.shardIterator(current).limit(limit));
            } catch (ExpiredIteratorException e) {
                iterator = null; // a new one after the last record read
                continue;
            } catch (SdkException e) {
                LOG.atWarn().addKeyValue("functionName", config.functionName())
                        .addKeyValue(LogFields.EVENT_SOURCE_ARN, config.streamArn())
                        .addKeyValue(LogFields.SHARD_ID, shardId).setCause(e)
                        .log("get records failed");
                iterator = null;
                if (!pauser.pause(ERROR_BACKOFF)) {
                    return false;
                }
                continue;
            }
            if (buffer.isEmpty() && response.hasRecords() && !response.records().isEmpty()) {
                windowStart = System.nanoTime();
            }
            buffer.addAll(response.records());
            if (!buffer.isEmpty()) {
                lastSequenceNumber = buffer.get(buffer.size() - 1).dynamodb().sequenceNumber();
            }
            iterator = response.nextShardIterator();
            boolean closed = iterator == null;
            boolean windowPassed = System.nanoTime() - windowStart >= config.batchingWindow().toNanos();
            if (!buffer.isEmpty() && (buffer.size() >= config.batchSize() || closed || windowPassed)) {
                if (!processor.process(buffer)) {
                    return false;
                }
                buffer = new ArrayList<>();
            }
            if (closed) {
                return true;
            }
            if (response.records().isEmpty() && !pauser.pause(config.pollInterval())) {
                return false;
            }
        }
        return false;
    }

    /** An iterator of {@code type} for {@code shardId}. */
    static String iterator(DynamoDbStreamsClient streams, String streamArn, String shardId, ShardIteratorType type) {
        return streams.getShardIterator(g -> g.streamArn(streamArn).shardId(shardId).shardIteratorType(type)).shardIterator();
    }

    private String iterator(String afterSequenceNumber) {
        if (afterSequenceNumber != null) {
            return streams.getShardIterator(g -> g.streamArn(config.streamArn()).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(afterSequenceNumber)).shardIterator();
        }
        return iterator(streams, config.streamArn(), shardId, startType);
    }
}
