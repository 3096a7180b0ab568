package io.ddbsync.model.log;

/**
 * The one log schema of every ddbsync module: the JSON field names that the event template
 * {@value #LAYOUT} writes, and the MDC keys ({@code org.slf4j.MDC}) that carry the ids needed to find
 * the thing again. Ids only: never an attribute value or an item image.
 *
 * <p>A line is {@code {"timestamp","level","logger","thread","message"}}, the MDC entries in force
 * (flattened, string values), and for a logged exception {@code errorType}, {@code errorMessage} and
 * {@code stackTrace}. In Lambda, Powertools Logging adds its own keys to the MDC
 * ({@code function_request_id}, {@code coldStart}, {@code functionName}, {@code service}, …).
 */
public final class LogFields {

    /** The JSON Template Layout event template, on the class path of every module (shared-model's resources). */
    public static final String LAYOUT = "ddbsync-log-layout.json";

    // written by the layout
    public static final String TIMESTAMP = "timestamp";
    public static final String LEVEL = "level";
    public static final String LOGGER = "logger";
    public static final String THREAD = "thread";
    public static final String MESSAGE = "message";
    /** Class name of the logged exception. */
    public static final String ERROR_TYPE = "errorType";
    public static final String ERROR_MESSAGE = "errorMessage";
    /** The logged exception's stack trace, causes included, as one string. */
    public static final String STACK_TRACE = "stackTrace";

    // ids, as MDC keys
    /** The DynamoDB source table. */
    public static final String TABLE = "table";
    /** The SQS message id. */
    public static final String MESSAGE_ID = "messageId";
    /** The change envelope's id (deterministic, from the table and its records' sequence numbers). */
    public static final String ENVELOPE_ID = "envelopeId";
    /** A DynamoDB stream record's SequenceNumber. */
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    /** The OpenSearch document id derived from an item's key. */
    public static final String DOCUMENT_ID = "documentId";
    /** An item's key attributes (names and key values: ids, never other attributes). */
    public static final String ITEM_KEY = "key";
    /** An OpenSearch index or alias. */
    public static final String INDEX = "index";
    /** A DynamoDB stream shard id. */
    public static final String SHARD_ID = "shardId";
    /** The event source of an emulated event source mapping (stream or queue ARN). */
    public static final String EVENT_SOURCE_ARN = "eventSourceArn";
    /** The invocation's request id: Powertools Logging's key, used by the local event source mapping emulators too. */
    public static final String REQUEST_ID = "function_request_id";
    /** Why a record or message failed, as a short text naming ids (never values). */
    public static final String REASON = "reason";

    private LogFields() {
    }
}
