package io.ddbsync.ops.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.model.convert.ConversionException;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.ops.operations.OpsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Samples a table and plans its index's mapping: a parallel Scan (eventually consistent, {@value #PAGE} items a page)
 * that stops once {@code sample} items are read, each item converted as the worker converts it (the table's
 * {@link DocumentConverter}: attribute lists, renamed reserved names, shaping), the documents' types inferred
 * ({@link TypeInference}) and the plan made ({@link MappingPlan}). Memory holds the types per path, never the items.
 */
public final class MappingPlanner {

    static final int PAGE = 100;

    private final DynamoDbClient dynamoDb;
    private final DocumentConverter converter;

    public MappingPlanner(DynamoDbClient dynamoDb, DocumentConverter converter) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.converter = Objects.requireNonNull(converter, "converter");
    }

    /**
     * What to read.
     *
     * @param sample     items at most, 1..
     * @param segments   parallel Scan segments, 1..
     * @param sampleKeys item keys shown per conflict
     */
    public record Sample(int sample, int segments, int sampleKeys) {

        public Sample {
            if (sample < 1) {
                throw new IllegalArgumentException("sample must be positive: " + sample);
            }
            if (segments < 1) {
                throw new IllegalArgumentException("segments must be positive: " + segments);
            }
            if (sampleKeys < 0) {
                throw new IllegalArgumentException("sampleKeys must not be negative: " + sampleKeys);
            }
        }
    }

    /** @param onProgress told the number of items just read */
    public MappingPlan plan(String table, Sample sample, MappingPlan.Settings settings, LongConsumer onProgress)
            throws InterruptedException {
        List<String> keyNames = keyNames(table);
        TypeInference inference = new TypeInference(sample.sampleKeys());
        AtomicLong read = new AtomicLong();
        AtomicBoolean cut = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(sample.segments(), r -> {
            Thread t = new Thread(r, "mapping-plan-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < sample.segments(); s++) {
                int segment = s;
                futures.add(pool.submit(() -> scanSegment(table, keyNames, segment, sample, inference, read, cut, onProgress)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new OpsException("scan of table " + table + " failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return MappingPlan.of(inference, Math.min(read.get(), sample.sample()), !cut.get(), settings);
    }

    private List<String> keyNames(String table) {
        try {
            return dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema().stream().map(k -> k.attributeName()).toList();
        } catch (RuntimeException e) {
            throw new OpsException("cannot describe table " + table, e);
        }
    }

    private void scanSegment(String table, List<String> keyNames, int segment, Sample sample, TypeInference inference,
                             AtomicLong read, AtomicBoolean cut, LongConsumer onProgress) {
        Map<String, AttributeValue> start = null;
        do {
            if (read.get() >= sample.sample()) {
                cut.set(true);
                return;
            }
            Map<String, AttributeValue> from = start;
            ScanResponse page;
            try {
                page = dynamoDb.scan(b -> b.tableName(table).segment(segment).totalSegments(sample.segments()).limit(PAGE)
                        .exclusiveStartKey(from));
            } catch (RuntimeException e) {
                throw new OpsException("Scan of table " + table + " (segment " + segment + ") failed", e);
            }
            long taken = 0;
            for (Map<String, AttributeValue> item : page.items()) {
                if (read.incrementAndGet() > sample.sample()) {
                    cut.set(true);
                    break;
                }
                add(item, keyNames, inference);
                taken++;
            }
            onProgress.accept(taken);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private void add(Map<String, AttributeValue> item, List<String> keyNames, TypeInference inference) {
        ObjectNode image = DynamoJson.fromItem(item);
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        keyNames.forEach(k -> keys.set(k, image.get(k)));
        String key = DocumentIds.of(keys).value();
        ObjectNode document;
        try {
            document = converter.toDocument(image);
        } catch (ConversionException e) {
            inference.refused(key, e);
            return;
        }
        inference.add(key, document, image, converter::fieldName);
    }
}
