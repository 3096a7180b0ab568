package io.ddbsync.model.config;

import io.ddbsync.model.wire.Compression;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * backfill-worker configuration, read once from the Lambda's environment:
 * <ul>
 *   <li>{@value #CHANGE_QUEUE_URL} (required): the change queue the scanned pages go to, as the forwarder's;</li>
 *   <li>{@value #MAX_MESSAGE_BYTES} (default 1048576, 1536..1048576): a change message's bound, as the forwarder's
 *       ({@link ForwarderConfig#maxBodyBytes(int)});</li>
 *   <li>{@value #COMPRESSION} ({@code gzip} | {@code none}, default gzip): as the forwarder's;</li>
 *   <li>{@value #BACKFILL_QUEUE_URL} (required): the backfill queue, where a work item's continuation goes;</li>
 *   <li>{@value #BACKFILL_BUCKET} (required): the stack's export bucket; a run's state lives under
 *       {@code backfills/<run id>/}, exports under {@code exports/};</li>
 *   <li>{@value #SQS_ENDPOINT}, {@value #DYNAMODB_ENDPOINT}, {@value #S3_ENDPOINT} (optional): endpoint overrides,
 *       for the local stack;</li>
 *   <li>{@value #AWS_REGION} (required).</li>
 * </ul>
 */
public record BackfillConfig(URI changeQueueUrl, int maxMessageBytes, Compression compression, URI backfillQueueUrl,
                             String backfillBucket, Optional<URI> sqsEndpoint, Optional<URI> dynamoDbEndpoint,
                             Optional<URI> s3Endpoint, String region) {

    public static final String CHANGE_QUEUE_URL = "CHANGE_QUEUE_URL";
    public static final String MAX_MESSAGE_BYTES = "MAX_MESSAGE_BYTES";
    public static final String COMPRESSION = "COMPRESSION";
    public static final String BACKFILL_QUEUE_URL = "BACKFILL_QUEUE_URL";
    public static final String BACKFILL_BUCKET = "BACKFILL_BUCKET";
    public static final String SQS_ENDPOINT = "SQS_ENDPOINT";
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    public static final String S3_ENDPOINT = "S3_ENDPOINT";
    public static final String AWS_REGION = "AWS_REGION";

    /** S3's bucket naming rules, in short: 3..63 lowercase letters, digits, dots and hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public BackfillConfig {
        Objects.requireNonNull(changeQueueUrl, "changeQueueUrl");
        ForwarderConfig.maxBodyBytes(maxMessageBytes);
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(backfillQueueUrl, "backfillQueueUrl");
        Objects.requireNonNull(backfillBucket, "backfillBucket");
        if (!BUCKET.matcher(backfillBucket).matches()) {
            throw new ConfigException(BACKFILL_BUCKET, "must be an S3 bucket name (3..63 of a-z 0-9 . -), got '"
                    + backfillBucket + "'");
        }
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(region, "region");
    }

    /**
     * @throws ConfigException naming the first variable missing or out of range
     */
    public static BackfillConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new BackfillConfig(
                r.requiredUrl(CHANGE_QUEUE_URL),
                r.intInRange(MAX_MESSAGE_BYTES, ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                        ForwarderConfig.MIN_MAX_MESSAGE_BYTES, ForwarderConfig.MAX_MAX_MESSAGE_BYTES),
                r.choice(COMPRESSION, Compression.class, Compression.DEFAULT),
                r.requiredUrl(BACKFILL_QUEUE_URL),
                r.required(BACKFILL_BUCKET),
                r.optionalUrl(SQS_ENDPOINT),
                r.optionalUrl(DYNAMODB_ENDPOINT),
                r.optionalUrl(S3_ENDPOINT),
                r.region(AWS_REGION));
    }

    /** The largest body of a change message: what {@value #MAX_MESSAGE_BYTES} leaves after the attributes. */
    public int maxBodyBytes() {
        return ForwarderConfig.maxBodyBytes(maxMessageBytes);
    }
}
