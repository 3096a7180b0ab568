package io.ddbsync.localstack.esm;

/** Where a stream event source mapping starts reading the shards that exist when it starts. */
public enum StartingPosition {
    /** The oldest record still in the stream. */
    TRIM_HORIZON,
    /** Only records written after the mapping started. */
    LATEST
}
