package io.ddbsync.testbench.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Every table with a stream on the local DynamoDB endpoint is synced, as the stack's {@code tables} list does on
 * AWS: every {@link #INTERVAL} ListTables (and DescribeTable for a table not yet attached) finds the tables whose
 * stream is enabled, and each new one gets its own stream mapping and forwarder ({@code attach}). A table without a
 * stream is looked at again on the next round, so enabling its stream later attaches it then. A failed attach is
 * logged with the table and tried again on the next round.
 */
final class TableAttacher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableAttacher.class);
    /** How often the tables are listed: a new table's first changes reach the index within about this long more. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final DynamoDbClient dynamo;
    private final BiFunction<String, String, AutoCloseable> attach;
    private final Map<String, String> attached = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<AutoCloseable> mappings = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ddbsync-local-tables");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param already tables attached by the caller (table → stream ARN), never attached again
     * @param attach  starts the stream mapping of (table, stream ARN); closing the result stops it
     */
    private TableAttacher(DynamoDbClient dynamo, Map<String, String> already, BiFunction<String, String, AutoCloseable> attach) {
        this.dynamo = dynamo;
        this.attach = attach;
        attached.putAll(already);
    }

    /** Attaches the tables there now, then looks for new ones every {@link #INTERVAL}. */
    static TableAttacher start(DynamoDbClient dynamo, Map<String, String> already,
                               BiFunction<String, String, AutoCloseable> attach) {
        TableAttacher attacher = new TableAttacher(dynamo, already, attach);
        attacher.attachNew(); // the tables there at start are synced when this returns
        attacher.timer.scheduleWithFixedDelay(attacher::attachNew, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return attacher;
    }

    /** One round: attaches every table with an enabled stream that is not attached yet. */
    void attachNew() {
        try {
            for (String table : dynamo.listTablesPaginator(b -> { }).tableNames()) {
                if (!attached.containsKey(table)) {
                    streamOf(table).ifPresent(arn -> attachOne(table, arn));
                }
            }
        } catch (SdkException e) {
            LOG.atWarn().setCause(e).log("listing the local tables failed; trying again");
        }
    }

    private Optional<String> streamOf(String table) {
        TableDescription d = dynamo.describeTable(b -> b.tableName(table)).table();
        boolean enabled = d.streamSpecification() != null && Boolean.TRUE.equals(d.streamSpecification().streamEnabled());
        return enabled && d.latestStreamArn() != null ? Optional.of(d.latestStreamArn()) : Optional.empty();
    }

    private void attachOne(String table, String streamArn) {
        try {
            mappings.add(attach.apply(table, streamArn));
            attached.put(table, streamArn);
            LOG.atInfo().addKeyValue("table", table).addKeyValue("streamArn", streamArn).log("table attached");
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).addKeyValue("table", table).addKeyValue("streamArn", streamArn)
                    .log("attaching the table failed; trying again");
        }
    }

    /** Table → stream ARN of every synced table, in the order they were attached. */
    Map<String, String> tables() {
        synchronized (attached) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(attached));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (mappings) {
            for (AutoCloseable m : mappings) {
                try {
                    m.close();
                } catch (Exception e) {
                    LOG.atWarn().setCause(e).log("stopping a table's stream mapping failed");
                }
            }
            mappings.clear();
        }
    }
}
