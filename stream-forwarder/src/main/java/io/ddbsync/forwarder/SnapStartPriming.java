package io.ddbsync.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import io.ddbsync.aws.sqs.ChangeQueue;
import io.ddbsync.aws.sqs.EntryFailure;
import io.ddbsync.aws.sqs.SendObserver;
import io.ddbsync.forwarder.internal.map.StreamRecordMapper;
import io.ddbsync.forwarder.metrics.InvocationMetrics;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.wire.WireCodec;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SnapStart priming of the forwarder: before Lambda takes the snapshot of an initialised function
 * ({@code beforeCheckpoint}), a representative stream batch — an INSERT, a MODIFY and a REMOVE of a
 * post made of typed blocks — runs through the same {@link StreamRecordForwarder} code as a real invocation
 * (mapping, packing with the configured compression, grouping into SendMessageBatch requests), with
 * a queue that keeps the messages instead of sending them; the bodies are decoded back; then the SQS
 * client reads the change queue's attributes ({@code GetQueueAttributes}, which the function may
 * call) so the SDK's protocol, signing and HTTP classes are loaded too. Nothing is written: no
 * message is sent, no metric is emitted. A failed read is logged and does not stop the checkpoint.
 */
public final class SnapStartPriming implements Resource {

    /** The table name of the priming records (never a real table: nothing is sent). */
    public static final String TABLE = "SnapStartPriming";

    /**
     * What one priming run did.
     *
     * @param records        stream records forwarded
     * @param messages       messages the forwarder packed (kept, not sent)
     * @param decodedRecords records read back from those message bodies
     * @param queueRead      whether GetQueueAttributes on the change queue answered
     */
    public record Primed(int records, int messages, int decodedRecords, boolean queueRead) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final ForwarderConfig config;
    private final SqsClient sqs;

    public SnapStartPriming(ForwarderConfig config, SqsClient sqs) {
        this.config = config;
        this.sqs = sqs;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Primed primed = prime();
        LOG.atInfo().addKeyValue("records", primed.records()).addKeyValue("messages", primed.messages())
                .addKeyValue("queueRead", primed.queueRead()).log("snapstart primed");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: the SQS client reconnects on its own, and no state was taken
    }

    /** Runs the priming batch; sends nothing. */
    public Primed prime() {
        List<PackedMessage> kept = new ArrayList<>();
        ChangeQueue keeping = (List<PackedMessage> messages, SendObserver observer, LongSupplier remainingMillis) -> {
            kept.addAll(messages);
            return List.<EntryFailure>of();
        };
        int maxBody = config.maxBodyBytes();
        StreamRecordForwarder forwarder = new StreamRecordForwarder(
                new StreamRecordMapper(Math.max(256, maxBody - StreamForwarderHandler.RAW_ENVELOPE_OVERHEAD)),
                new EnvelopePacker(maxBody, config.compression()), keeping, 0);
        List<DynamodbStreamRecord> records = records(config.region());
        ForwardResult result = forwarder.forward(records, new InvocationMetrics(TABLE), () -> Long.MAX_VALUE);
        if (result.resumeSequenceNumber().isPresent()) {
            throw new IllegalStateException("the priming batch was not fully packed: resume at " + result.resumeSequenceNumber().get());
        }
        int decoded = 0;
        for (PackedMessage m : kept) {
            decoded += WireCodec.decode(m.body()).records().size();
        }
        return new Primed(records.size(), kept.size(), decoded, readQueue());
    }

    private boolean readQueue() {
        try {
            sqs.getQueueAttributes(b -> b.queueUrl(config.changeQueueUrl().toString())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            return true;
        } catch (SdkException e) {
            LOG.atWarn().setCause(e).addKeyValue("queue", config.changeQueueUrl().toString())
                    .log("snapstart priming could not read the change queue");
            return false;
        }
    }

    /** INSERT, MODIFY and REMOVE of one post, as a NEW_AND_OLD_IMAGES stream delivers them. */
    static List<DynamodbStreamRecord> records(String region) {
        String arn = "arn:aws:dynamodb:" + region + ":000000000000:table/" + TABLE + "/stream/2024-01-01T00:00:00.000";
        Map<String, AttributeValue> v0 = post(0);
        Map<String, AttributeValue> v1 = post(1);
        return List.of(
                record(arn, "INSERT", "100000000000000000001", null, v0),
                record(arn, "MODIFY", "100000000000000000002", v0, v1),
                record(arn, "REMOVE", "100000000000000000003", v1, null));
    }

    private static DynamodbStreamRecord record(String arn, String eventName, String seq, Map<String, AttributeValue> oldImage,
                                               Map<String, AttributeValue> newImage) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("id", new AttributeValue().withS("post-00001")));
        change.setOldImage(oldImage);
        change.setNewImage(newImage);
        change.setSequenceNumber(seq);
        change.setSizeBytes(1_024L);
        change.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        change.setApproximateCreationDateTime(new Date(1_704_067_200_000L));
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID("snapstart-" + seq);
        record.setEventName(eventName);
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion(arn.split(":")[3]);
        record.setEventSourceARN(arn);
        record.setDynamodb(change);
        return record;
    }

    private static Map<String, AttributeValue> post(int revision) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("id", new AttributeValue().withS("post-00001"));
        image.put("title", new AttributeValue().withS("춘천 검색엔진 이야기 #1"));
        image.put("author", new AttributeValue().withS("admin1"));
        image.put("revision", new AttributeValue().withN(Integer.toString(revision)));
        image.put("rating", new AttributeValue().withN("4.5"));
        image.put("published", new AttributeValue().withBOOL(true));
        image.put("tags", new AttributeValue().withSS("DynamoDB", "OpenSearch", "검색"));
        Map<String, AttributeValue> paragraph = new LinkedHashMap<>();
        paragraph.put("type", new AttributeValue().withS("paragraph"));
        paragraph.put("text", new AttributeValue().withS("스트림으로 받은 변경을 큐에 넣고 워커가 인덱스에 씁니다."));
        Map<String, AttributeValue> imageBlock = new LinkedHashMap<>();
        imageBlock.put("src", new AttributeValue().withS("https://images.example.com/posts/post-00001/1.png"));
        imageBlock.put("width", new AttributeValue().withN("640"));
        imageBlock.put("height", new AttributeValue().withN("480"));
        Map<String, AttributeValue> image2 = new LinkedHashMap<>();
        image2.put("type", new AttributeValue().withS("image"));
        image2.put("image", new AttributeValue().withM(imageBlock));
        image.put("blocks", new AttributeValue().withL(new AttributeValue().withM(paragraph), new AttributeValue().withM(image2)));
        image.put("draft", new AttributeValue().withNULL(true));
        return image;
    }
}
