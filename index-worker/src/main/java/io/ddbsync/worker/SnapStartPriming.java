package io.ddbsync.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.convert.DocumentConverter;
import io.ddbsync.model.config.IndexNames;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.model.log.LogFields;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Compression;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import io.ddbsync.aws.dynamodb.DynamoJson;
import io.ddbsync.worker.opensearch.DocumentWrite;
import io.ddbsync.worker.opensearch.VersionedBulkWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming of the worker: before Lambda takes the snapshot of an initialised function
 * ({@code beforeCheckpoint}), a representative message — an INSERT, a MODIFY and a REMOVE of a post
 * made of typed blocks, packed as the forwarder packs it, in both wire versions — is decoded,
 * converted with the first mapped table's rules and encoded as the {@code _bulk} body of a first
 * write, through the worker's own classes. Then two reads the function may make load the clients'
 * protocol, signing and HTTP classes: {@code GET /_alias/<index>_write} of the first mapped index
 * and, with idempotency on, a {@code GetItem} of an id no message has. Nothing is written: no index,
 * document, idempotency record or metric. A failed read is logged and does not stop the checkpoint.
 */
public final class SnapStartPriming implements Resource {

    /** The table of the priming records when {@code INDEX_MAP} names none (nothing is sent for it). */
    static final String FALLBACK_TABLE = "SnapStartPriming";
    /** The idempotency id read (never written) by the priming. */
    static final String PRIMING_ID = "snapstart-priming";

    /**
     * What one priming run did.
     *
     * @param records   records decoded (from both wire versions)
     * @param bulkBytes size of the encoded {@code _bulk} bodies (built, not sent)
     * @param reads     reads that answered (OpenSearch alias, idempotency item)
     * @param failedReads reads that failed (logged)
     */
    public record Primed(int records, int bulkBytes, int reads, int failedReads) {
    }

    private final WorkerParts parts;
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);


    public SnapStartPriming(WorkerParts parts) {
        this.parts = parts;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Primed primed = prime();
        LOG.atInfo().addKeyValue("records", primed.records()).addKeyValue("reads", primed.reads())
                .addKeyValue("failedReads", primed.failedReads()).log("snapstart primed");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: the clients reconnect on their own, and no state was taken
    }

    /** Runs the priming message and the reads; writes nothing. */
    public Primed prime() {
        Optional<String> mapped = parts.config().indexMap().keySet().stream().sorted().findFirst();
        String table = mapped.orElse(FALLBACK_TABLE);
        String index = mapped.map(parts.config().indexMap()::get).orElse(FALLBACK_TABLE.toLowerCase(java.util.Locale.ROOT));
        DocumentConverter converter = parts.config().converterFor(table);
        VersionedBulkWriter writer = new VersionedBulkWriter(parts.openSearch(), parts.config().metadataField(),
                parts.maxBulkBytes(), parts.metrics(), parts.clock());
        int records = 0;
        int bulkBytes = 0;
        for (Compression compression : Compression.values()) {
            for (PackedMessage message : new EnvelopePacker(EnvelopePacker.MAX_MESSAGE_BYTES, compression).pack(table, changes())) {
                ChangeEnvelope envelope = WireCodec.decode(message.body());
                List<DocumentWrite> writes = new ArrayList<>();
                for (WireRecord r : envelope.records()) {
                    ChangeRecord change = (ChangeRecord) r;
                    ObjectNode doc = change.op() == Op.REMOVE ? null : converter.toDocument(change.image());
                    writes.add(new DocumentWrite(new IndexNames(index).write(), DocumentIds.of(change.keys()).value(),
                            Versions.of(change), doc, table, change.keys(), false, change.sequenceNumber(), change.ts()));
                }
                records += writes.size();
                bulkBytes += writer.encodeCreates(writes, parts.clock().millis()).length;
            }
        }
        int reads = 0;
        int failed = 0;
        if (mapped.isPresent()) {
            String alias = new IndexNames(index).write();
            try {
                parts.openSearch().getAlias(alias);
                reads++;
            } catch (RuntimeException e) {
                failed++;
                LOG.atWarn().setCause(e).addKeyValue(LogFields.INDEX, alias).log("snapstart priming read failed");
            }
        }
        Optional<String> idempotencyTable = parts.config().idempotencyTable();
        if (idempotencyTable.isPresent() && parts.dynamoDb().isPresent()) {
            try {
                parts.dynamoDb().get().getItem(b -> b.tableName(idempotencyTable.get())
                        .key(Map.of("id", AttributeValue.fromS(PRIMING_ID))));
                reads++;
            } catch (RuntimeException e) {
                failed++;
                LOG.atWarn().setCause(e).addKeyValue(LogFields.TABLE, idempotencyTable.get()).log("snapstart priming read failed");
            }
        }
        return new Primed(records, bulkBytes, reads, failed);
    }

    /** INSERT, MODIFY and REMOVE of one post, as the forwarder puts them on the queue. */
    static List<ChangeRecord> changes() {
        ObjectNode keys = DynamoJson.fromItem(Map.of("id", AttributeValue.fromS("post-00001")));
        return List.of(
                new ChangeRecord(Op.INSERT, keys, DynamoJson.fromItem(post(0)), "100000000000000000001", 1_704_067_200L, false, false),
                new ChangeRecord(Op.MODIFY, keys, DynamoJson.fromItem(post(1)), "100000000000000000002", 1_704_067_200L, false, false),
                new ChangeRecord(Op.REMOVE, keys, null, "100000000000000000003", 1_704_067_201L, false, false));
    }

    private static Map<String, AttributeValue> post(int revision) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("id", AttributeValue.fromS("post-00001"));
        image.put("title", AttributeValue.fromS("춘천 검색엔진 이야기 #1"));
        image.put("author", AttributeValue.fromS("admin1"));
        image.put("revision", AttributeValue.fromN(Integer.toString(revision)));
        image.put("rating", AttributeValue.fromN("4.5"));
        image.put("published", AttributeValue.fromBool(true));
        image.put("tags", AttributeValue.fromSs(List.of("DynamoDB", "OpenSearch", "검색")));
        Map<String, AttributeValue> paragraph = new LinkedHashMap<>();
        paragraph.put("type", AttributeValue.fromS("paragraph"));
        paragraph.put("text", AttributeValue.fromS("스트림으로 받은 변경을 큐에 넣고 워커가 인덱스에 씁니다."));
        Map<String, AttributeValue> picture = new LinkedHashMap<>();
        picture.put("src", AttributeValue.fromS("https://images.example.com/posts/post-00001/1.png"));
        picture.put("width", AttributeValue.fromN("640"));
        picture.put("height", AttributeValue.fromN("480"));
        image.put("blocks", AttributeValue.fromL(List.of(AttributeValue.fromM(paragraph),
                AttributeValue.fromM(Map.of("type", AttributeValue.fromS("image"), "image", AttributeValue.fromM(picture))))));
        image.put("draft", AttributeValue.fromNul(true));
        return image;
    }
}
