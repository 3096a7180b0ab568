package io.ddbsync.model.config;

import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.wire.Compression;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * stream-forwarder configuration: CHANGE_QUEUE_URL (required), MAX_MESSAGE_BYTES (default 1048576,
 * 1536..1048576), COMPRESSION ({@code gzip} | {@code none}, default gzip), SQS_ENDPOINT (optional),
 * AWS_REGION (required).
 *
 * <p>MAX_MESSAGE_BYTES bounds a whole message as SQS counts it: body plus message attributes. Bodies
 * get {@link #maxBodyBytes()} = MAX_MESSAGE_BYTES − {@value #MESSAGE_ATTRIBUTE_BYTES} (the attributes'
 * upper bound), which must leave the packer its minimum body of {@value EnvelopePacker#MIN_MESSAGE_BYTES}
 * bytes: hence the minimum of {@value #MIN_MAX_MESSAGE_BYTES}.
 */
public record ForwarderConfig(URI changeQueueUrl, int maxMessageBytes, Optional<URI> sqsEndpoint, String region,
                              Compression compression) {

    /**
     * SQS's largest message, 1 MiB: SQS and Lambda's SQS event source mapping take it since 2025 (it
     * was 256 KiB). SQS still bills a request per 64 KB chunk of payload, so larger messages cost no
     * more per byte; they cut the number of messages and worker invocations, and items near DynamoDB's
     * 400 KB limit travel with their image instead of as keys to fetch. A queue's MaximumMessageSize
     * must be at least this.
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;
    /**
     * Upper bound of what the attributes of a change message (table name ≤ 255 bytes, record count,
     * oldest ts; names and data types included) add to its size as SQS counts it.
     */
    public static final int MESSAGE_ATTRIBUTE_BYTES = 512;
    /** Smallest MAX_MESSAGE_BYTES: the packer's smallest body plus the attributes. */
    public static final int MIN_MAX_MESSAGE_BYTES = EnvelopePacker.MIN_MESSAGE_BYTES + MESSAGE_ATTRIBUTE_BYTES;
    /** Largest MAX_MESSAGE_BYTES: SQS's 1 MiB. */
    public static final int MAX_MAX_MESSAGE_BYTES = EnvelopePacker.MAX_MESSAGE_BYTES;

    public ForwarderConfig {
        Objects.requireNonNull(changeQueueUrl, "changeQueueUrl");
        maxBodyBytes(maxMessageBytes);
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(compression, "compression");
    }

    /** With the default compression (gzip). */
    public ForwarderConfig(URI changeQueueUrl, int maxMessageBytes, Optional<URI> sqsEndpoint, String region) {
        this(changeQueueUrl, maxMessageBytes, sqsEndpoint, region, Compression.DEFAULT);
    }

    public static ForwarderConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new ForwarderConfig(
                r.requiredUrl("CHANGE_QUEUE_URL"),
                r.intInRange("MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES, MIN_MAX_MESSAGE_BYTES, MAX_MAX_MESSAGE_BYTES),
                r.optionalUrl("SQS_ENDPOINT"),
                r.region("AWS_REGION"),
                r.choice("COMPRESSION", Compression.class, Compression.DEFAULT));
    }

    /** The largest body of a message: what MAX_MESSAGE_BYTES leaves after the attributes. */
    public int maxBodyBytes() {
        return maxBodyBytes(maxMessageBytes);
    }

    /**
     * The largest body of a message of at most {@code maxMessageBytes} bytes with its attributes.
     *
     * @throws ConfigException naming MAX_MESSAGE_BYTES when it is outside
     *                         {@value #MIN_MAX_MESSAGE_BYTES}..{@value #MAX_MAX_MESSAGE_BYTES}
     */
    public static int maxBodyBytes(int maxMessageBytes) {
        if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES || maxMessageBytes > MAX_MAX_MESSAGE_BYTES) {
            throw new ConfigException("MAX_MESSAGE_BYTES", "must be in " + MIN_MAX_MESSAGE_BYTES + ".." + MAX_MAX_MESSAGE_BYTES
                    + " (a body of at least " + EnvelopePacker.MIN_MESSAGE_BYTES + " bytes plus " + MESSAGE_ATTRIBUTE_BYTES
                    + " bytes of attributes), got " + maxMessageBytes);
        }
        return maxMessageBytes - MESSAGE_ATTRIBUTE_BYTES;
    }
}
