package io.ddbsync.localstack.streams;

import io.ddbsync.localstack.LocalDynamoDb;
import java.util.List;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Prints what the Streams emulator costs per PutItem, as ratios against PutItem sent straight to dynalite in the same
 * process: through the proxy to a table without a stream, and to a table with a NEW_AND_OLD_IMAGES stream (two
 * consistent reads and a record per write). Not a test; run by hand (see the local-stack README).
 */
public final class ProxyOverheadBenchmark {
    private static final int WARMUP = 300;
    private static final int WRITES = 1500;

    private ProxyOverheadBenchmark() {
    }

    public static void main(String[] args) {
        try (LocalDynamoDb dynalite = LocalDynamoDb.start();
                DynamoDbStreamsEmulator emulator = DynamoDbStreamsEmulator.start(dynalite.endpoint());
                StreamsTestSupport direct = new StreamsTestSupport(dynalite.endpoint());
                StreamsTestSupport proxied = new StreamsTestSupport(emulator.endpoint())) {
            String plainDirect = direct.createTable(null);
            String plainProxied = proxied.createTable(null);
            String streamed = proxied.createTable(StreamViewType.NEW_AND_OLD_IMAGES);

            IntConsumer directPut = i -> direct.dynamoDb.putItem(p -> p.tableName(plainDirect).item(StreamsTestSupport.item("k", i % 100, "v" + i)));
            IntConsumer proxiedPut = i -> proxied.dynamoDb.putItem(p -> p.tableName(plainProxied).item(StreamsTestSupport.item("k", i % 100, "v" + i)));
            IntConsumer streamedPut = i -> proxied.dynamoDb.putItem(p -> p.tableName(streamed).item(StreamsTestSupport.item("k", i % 100, "v" + i)));
            for (IntConsumer put : List.of(directPut, proxiedPut, streamedPut)) {
                run(put, WARMUP);
            }
            double base = run(directPut, WRITES);
            double proxy = run(proxiedPut, WRITES);
            double stream = run(streamedPut, WRITES);
            long readStart = System.nanoTime();
            int records = proxied.records(streamed).size();
            double readMicros = (System.nanoTime() - readStart) / 1000.0 / records;

            System.out.printf("PutItem straight to dynalite:          %7.0f us/write (1.00x)%n", base);
            System.out.printf("PutItem through proxy, no stream:      %7.0f us/write (%.2fx)%n", proxy, proxy / base);
            System.out.printf("PutItem through proxy, stream on:      %7.0f us/write (%.2fx)%n", stream, stream / base);
            System.out.printf("GetRecords (Limit 1000) of %d records: %7.1f us/record%n", records, readMicros);
        }
    }

    private static double run(IntConsumer put, int writes) {
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            put.accept(i);
        }
        return (System.nanoTime() - start) / 1000.0 / writes;
    }
}
