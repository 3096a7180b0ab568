package io.ddbsync.infra.config;

/**
 * Provisioned mode of the worker's SQS event source mapping: dedicated event pollers, between
 * {@code minimum} (always running, billed while idle) and {@code maximum}. AWS makes this mode and the
 * mapping's maximum concurrency mutually exclusive.
 *
 * @param minimum MinimumPollers, {@value #MIN_MINIMUM}..{@value #MAX_MINIMUM} for SQS (AWS's default {@value #DEFAULT_MINIMUM})
 * @param maximum MaximumPollers, {@code minimum}..{@value #MAX_MAXIMUM} (AWS's default {@value #DEFAULT_MAXIMUM})
 */
public record ProvisionedPollers(int minimum, int maximum) {

    public static final int MIN_MINIMUM = 2;
    public static final int MAX_MINIMUM = 200;
    /** CloudFormation's (and CDK's) upper bound of MaximumPollers. */
    public static final int MAX_MAXIMUM = 2000;
    public static final int DEFAULT_MINIMUM = 2;
    public static final int DEFAULT_MAXIMUM = 200;
}
