package io.ddbsync.infra.config;

import java.util.Optional;

/**
 * The DynamoDB table whose stream is indexed: an existing table (name and stream ARN) or a demo
 * table created by the stack.
 *
 * @param name         table name (also the {@code table} of every change envelope)
 * @param streamArn    stream ARN of an existing table; empty for a demo table
 * @param demoStreamView stream view type of the demo table (NEW_IMAGE or NEW_AND_OLD_IMAGES)
 */
public record SourceTable(String name, Optional<String> streamArn, String demoStreamView) {

    public static SourceTable existing(String name, String streamArn) {
        return new SourceTable(name, Optional.of(streamArn), "");
    }

    public static SourceTable demo(String name, String streamView) {
        return new SourceTable(name, Optional.empty(), streamView);
    }

    public boolean isDemo() {
        return streamArn.isEmpty();
    }
}
