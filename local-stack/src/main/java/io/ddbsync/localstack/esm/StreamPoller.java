package io.ddbsync.localstack.esm;

import io.ddbsync.model.log.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB Streams event source mapping: discovers the stream's shards (DescribeStream), reads each shard on
 * its own thread in order (a child shard only after its parent is done), and invokes the handler with the
 * DynamoDB event JSON through the Java runtime serializer, with Lambda's batch size and window,
 * ReportBatchItemFailures, BisectBatchOnFunctionError, MaximumRetryAttempts, MaximumRecordAgeInSeconds and
 * on-failure destination ({@link StreamBatchProcessor}).
 *
 * <p>Checkpoints are kept in memory: a new poller starts again at its starting position. The streams client
 * belongs to the caller, who closes it after {@link #close()}.
 */
public final class StreamPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);

    private static final Duration MIN_DISCOVERY_INTERVAL = Duration.ofSeconds(1);

    private final DynamoDbStreamsClient streams;
    private final StreamPollerConfig config;
    private final LambdaFunction<DynamodbEvent, StreamsEventResponse> function;
    private final OnFailureDestination onFailure;
    private final PollerCounters counters = new PollerCounters();
    private final Map<String, Thread> readers = new ConcurrentHashMap<>();
    private final Set<String> finishedShards = ConcurrentHashMap.newKeySet();
    private final Pauser pauser;
    private final Thread coordinator;
    private volatile boolean running = true;
    private boolean firstDiscovery = true;

    private StreamPoller(DynamoDbStreamsClient streams, StreamPollerConfig config,
                         RequestHandler<DynamodbEvent, StreamsEventResponse> handler, OnFailureDestination onFailure) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.config = Objects.requireNonNull(config, "config");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.function = LambdaFunction.of(config.functionName(), DynamodbEvent.class, handler, config.functionTimeout());
        this.pauser = Pauser.sleeping(() -> running);
        this.coordinator = new Thread(this::discoverLoop, "esm-stream-" + config.functionName());
        this.coordinator.setDaemon(true);
    }

    /**
     * Starts reading {@code config.streamArn()} for {@code handler}; batches given up on are reported to
     * {@code onFailure} ({@link OnFailureDestination#sqs}, {@link OnFailureDestination#s3} or
     * {@link OnFailureDestination#none()}).
     *
     * @throws EsmException when the stream cannot be described
     */
    public static StreamPoller start(DynamoDbStreamsClient streams, StreamPollerConfig config,
                                     RequestHandler<DynamodbEvent, StreamsEventResponse> handler, OnFailureDestination onFailure) {
        StreamPoller poller = new StreamPoller(streams, config, handler, onFailure);
        poller.discover(); // fails fast on an unknown stream, and fixes LATEST positions now
        poller.coordinator.start();
        LOG.atInfo().addKeyValue("functionName", config.functionName())
                .addKeyValue(LogFields.EVENT_SOURCE_ARN, config.streamArn())
                .addKeyValue("batchSize", config.batchSize())
                .addKeyValue("startingPosition", config.startingPosition().name()).log("event source mapping started");
        return poller;
    }

    public StreamPollerConfig config() {
        return config;
    }

    /** The counters so far. */
    public PollerStats stats() {
        return counters.snapshot();
    }

    /** Ids of the shards read to their end (closed shards). */
    public Set<String> finishedShards() {
        return Set.copyOf(finishedShards);
    }

    /** Stops discovery and every shard reader, waiting for a running invocation to return. */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + config.functionTimeout().plusSeconds(10).toNanos();
        List<Thread> threads = new ArrayList<>(readers.values());
        threads.add(coordinator);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        LOG.atInfo().addKeyValue("functionName", config.functionName())
                .addKeyValue(LogFields.EVENT_SOURCE_ARN, config.streamArn()).log("event source mapping stopped");
    }

    private void discoverLoop() {
        Duration interval = config.pollInterval().compareTo(MIN_DISCOVERY_INTERVAL) < 0 ? MIN_DISCOVERY_INTERVAL : config.pollInterval();
        while (pauser.pause(interval)) {
            try {
                discover();
            } catch (EsmException e) {
                LOG.atWarn().addKeyValue("functionName", config.functionName())
                        .addKeyValue(LogFields.EVENT_SOURCE_ARN, config.streamArn())
                        .setCause(e.getCause()).log("describe stream failed");
            }
        }
    }

    private synchronized void discover() {
        List<Shard> shards = describeShards();
        Set<String> present = ConcurrentHashMap.newKeySet();
        shards.forEach(shard -> present.add(shard.shardId()));
        ShardIteratorType startType = firstDiscovery && config.startingPosition() == StartingPosition.LATEST
                ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
        for (Shard shard : shards) {
            String parent = shard.parentShardId();
            boolean parentDone = parent == null || finishedShards.contains(parent) || !present.contains(parent);
            if (!readers.containsKey(shard.shardId()) && parentDone && running) {
                startReader(shard.shardId(), startType);
            }
        }
        firstDiscovery = false;
    }

    private void startReader(String shardId, ShardIteratorType startType) {
        StreamBatchProcessor processor = new StreamBatchProcessor(shardId, config, function, onFailure, counters,
                Clock.systemUTC(), () -> running, pauser);
        String initialIterator = null;
        if (startType == ShardIteratorType.LATEST) {
            try {
                initialIterator = ShardReader.iterator(streams, config.streamArn(), shardId, startType);
            } catch (SdkException e) {
                throw new EsmException("cannot position shard " + shardId + " of " + config.streamArn() + " at LATEST", e);
            }
        }
        ShardReader reader = new ShardReader(streams, config, shardId, startType, initialIterator, processor, () -> running, pauser);
        Thread thread = new Thread(() -> {
            try {
                if (reader.read()) {
                    finishedShards.add(shardId);
                    LOG.atInfo().addKeyValue("functionName", config.functionName())
                            .addKeyValue(LogFields.EVENT_SOURCE_ARN, config.streamArn())
                            .addKeyValue(LogFields.SHARD_ID, shardId).log("shard finished");
                }
            } catch (RuntimeException e) {
                // a defect while reading: the next discovery reads the shard again from its start (duplicates, no loss)
                LOG.atWarn().addKeyValue("functionName", config.functionName())
                        .addKeyValue(LogFields.EVENT_SOURCE_ARN, config.streamArn())
                        .addKeyValue(LogFields.SHARD_ID, shardId).setCause(e)
                        .log("shard reader failed");
                readers.remove(shardId);
            }
        }, "esm-stream-" + config.functionName() + "-" + shardId);
        thread.setDaemon(true);
        readers.put(shardId, thread);
        thread.start();
    }

    private List<Shard> describeShards() {
        List<Shard> shards = new ArrayList<>();
        String exclusiveStart = null;
        try {
            do {
                String start = exclusiveStart;
                DescribeStreamResponse response = streams.describeStream(d -> d.streamArn(config.streamArn()).exclusiveStartShardId(start));
                shards.addAll(response.streamDescription().shards());
                exclusiveStart = response.streamDescription().lastEvaluatedShardId();
            } while (exclusiveStart != null);
        } catch (SdkException e) {
            throw new EsmException("cannot describe stream " + config.streamArn() + " for function " + config.functionName(), e);
        }
        return shards;
    }
}
