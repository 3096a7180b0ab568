package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.localstack.export.ExportException;
import io.ddbsync.localstack.export.ExportWriter;
import io.ddbsync.localstack.export.TableExport;
import io.ddbsync.localstack.export.TableExportRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.locks.Lock;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A full export of a table at one point in time, in DynamoDB's export layout ({@link ExportWriter}). The table is
 * scanned (consistent reads, 1 MB pages) under the emulator's write lock: writes through the emulator wait while it
 * runs, so the export holds every write that took effect before its export time and none after — what
 * ExportTableToPointInTime guarantees for its {@code ExportTime}. The data files are uploaded after the lock is
 * released.
 */
final class TableExporter {
    private final DynaliteClient dynalite;
    private final StreamRegistry registry;
    private final Lock writeLock;

    TableExporter(DynaliteClient dynalite, StreamRegistry registry, Lock writeLock) {
        this.dynalite = dynalite;
        this.registry = registry;
        this.writeLock = writeLock;
    }

    TableExport export(S3Client s3, TableExportRequest request) {
        ObjectNode table = describe(request.table());
        String partitionKey = partitionKey(table, request.table());
        try (ExportWriter writer = ExportWriter.begin(s3, request, table.path("TableArn").asText(),
                table.path("TableId").asText(), partitionKey, registry.clock())) {
            Instant exportTime;
            long size = 0;
            writeLock.lock();
            try {
                exportTime = registry.now();
                ObjectNode scan = ApiBodies.object();
                scan.put("TableName", request.table());
                scan.put("ConsistentRead", true);
                JsonNode lastKey;
                do {
                    DynaliteClient.Response page = dynalite.call("Scan", scan);
                    if (!page.ok()) {
                        throw new ExportException("cannot scan table " + request.table() + " for export " + writer.exportId()
                                + ": HTTP " + page.status() + " " + new String(page.body(), StandardCharsets.UTF_8));
                    }
                    ObjectNode body = page.json();
                    for (JsonNode item : body.path("Items")) {
                        writer.add((ObjectNode) item);
                        size += Images.size(item);
                    }
                    lastKey = body.get("LastEvaluatedKey");
                    scan.set("ExclusiveStartKey", lastKey);
                } while (lastKey != null && !lastKey.isNull());
            } finally {
                writeLock.unlock();
            }
            return writer.finish(exportTime, size);
        }
    }

    private ObjectNode describe(String table) {
        ObjectNode request = ApiBodies.object();
        request.put("TableName", table);
        DynaliteClient.Response response = dynalite.call("DescribeTable", request);
        if (!response.ok()) {
            throw new ExportException("cannot export table " + table + ": DescribeTable answered HTTP " + response.status()
                    + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return (ObjectNode) response.json().path("Table");
    }

    private static String partitionKey(ObjectNode table, String name) {
        for (JsonNode element : table.path("KeySchema")) {
            if ("HASH".equals(element.path("KeyType").asText())) {
                return element.path("AttributeName").asText();
            }
        }
        throw new ExportException("table " + name + " has no HASH key in its KeySchema: " + table.path("KeySchema"));
    }
}
