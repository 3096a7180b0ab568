package io.ddbsync.ops.cli;

import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.wire.Compression;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The change queue and the messages a command sends to it, with the forwarder's meaning and limits:
 * {@code --change-queue-url} (CHANGE_QUEUE_URL), {@code --max-message-bytes} (MAX_MESSAGE_BYTES, body
 * plus attributes) and {@code --compression} (COMPRESSION).
 */
public final class ChangeQueueOptions {

    @Option(names = "--change-queue-url", paramLabel = "URL",
            description = "URL of the SQS change queue, as the forwarder's CHANGE_QUEUE_URL.")
    String url;

    @Option(names = "--max-message-bytes", defaultValue = "" + ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES, paramLabel = "BYTES",
            description = "Largest change message, body plus attributes, as the forwarder's MAX_MESSAGE_BYTES ("
                    + ForwarderConfig.MIN_MAX_MESSAGE_BYTES + ".." + ForwarderConfig.MAX_MAX_MESSAGE_BYTES
                    + "; default: ${DEFAULT-VALUE}); at most the change queue's MaximumMessageSize.")
    int maxMessageBytes = ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES;

    @Mixin
    CompressionOption compression;

    /** Whether {@code --change-queue-url} was given. */
    public boolean present() {
        return url != null && !url.isBlank();
    }

    /** The change queue's URL if given (unchecked). */
    public Optional<String> url() {
        return present() ? Optional.of(url.strip()) : Optional.empty();
    }

    /**
     * The change queue's URL.
     *
     * @param why what the queue is needed for, for the usage error when it is missing ("the backfill sends to it")
     */
    public String url(String why) {
        if (!present()) {
            throw new UsageException("--change-queue-url is required (" + why + ")");
        }
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new UsageException("--change-queue-url is not a queue URL: " + url);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--change-queue-url is not a URL: " + url, e);
        }
        return url.strip();
    }

    /** {@code --max-message-bytes}, checked against the forwarder's range. */
    public int maxMessageBytes() {
        if (maxMessageBytes < ForwarderConfig.MIN_MAX_MESSAGE_BYTES || maxMessageBytes > ForwarderConfig.MAX_MAX_MESSAGE_BYTES) {
            throw new UsageException("--max-message-bytes must be in " + ForwarderConfig.MIN_MAX_MESSAGE_BYTES + ".."
                    + ForwarderConfig.MAX_MAX_MESSAGE_BYTES + " (as the forwarder's MAX_MESSAGE_BYTES), got " + maxMessageBytes);
        }
        return maxMessageBytes;
    }

    public Compression compression() {
        return compression.get();
    }
}
