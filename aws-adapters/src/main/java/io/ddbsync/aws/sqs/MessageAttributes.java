package io.ddbsync.aws.sqs;

import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.pack.PackedMessage;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The attributes every change message carries, so a queue browser or DLQ tool can triage without parsing bodies. */
public final class MessageAttributes {

    public static final String TABLE = "table";
    public static final String RECORD_COUNT = "recordCount";
    public static final String OLDEST_TS = "oldestTs";

    /**
     * Upper bound of what these attributes add to a message's size as SQS counts it (names, data
     * types and values; a table name is at most 255 bytes); reserved out of every message and batch.
     */
    public static final int MAX_BYTES = ForwarderConfig.MESSAGE_ATTRIBUTE_BYTES;

    private MessageAttributes() {
    }

    public static Map<String, MessageAttributeValue> of(PackedMessage message) {
        return Map.of(
                TABLE, string(message.envelope().table()),
                RECORD_COUNT, number(message.envelope().records().size()),
                OLDEST_TS, number(message.oldestTs()));
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static MessageAttributeValue number(long value) {
        return MessageAttributeValue.builder().dataType("Number").stringValue(Long.toString(value)).build();
    }
}
