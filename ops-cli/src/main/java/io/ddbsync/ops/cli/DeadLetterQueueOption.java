package io.ddbsync.ops.cli;

import picocli.CommandLine.Option;

/** {@code --dlq-url}: the dead-letter queue of the change queue (the commands that read or move it). */
public final class DeadLetterQueueOption {

    @Option(names = "--dlq-url", paramLabel = "URL", description = "URL of the dead-letter queue (required).")
    String url;

    /** The queue's URL; a usage error when it is missing. */
    public String url() {
        if (url == null || url.isBlank()) {
            throw new UsageException("--dlq-url is required");
        }
        return url.strip();
    }
}
