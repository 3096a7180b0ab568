package io.ddbsync.infra.config;

import io.ddbsync.model.shape.ShapeStep;
import java.util.List;
import java.util.Optional;

/**
 * One DynamoDB table whose stream this deployment indexes: an existing table (name and stream ARN)
 * or the demo table the stack creates.
 *
 * @param name           table name (also the {@code table} of every change envelope and the
 *                       {@code Table} metric dimension)
 * @param streamArn      stream ARN of an existing table; empty for the demo table
 * @param demoStreamView stream view type of the demo table (NEW_IMAGE or NEW_AND_OLD_IMAGES)
 * @param index          the search alias the worker writes this table's items to
 * @param template       optional {@code {"settings":…,"mappings":…}} JSON for this table's index
 *                       (the worker's {@code INDEX_TEMPLATES} entry); replaces the default mappings
 * @param kmsKeyArn      customer-managed KMS key of an existing table encrypted with one
 * @param ttlDeletes     {@code delete} or {@code keep} the documents of items DynamoDB's TTL removed
 * @param shaping        the steps applied to each converted document of this table (the worker's
 *                       {@code DOCUMENT_SHAPING} entry); empty for none
 * @param quarantine     {@code on} or {@code off}: fields the index mapping refuses are quarantined (the worker's
 *                       {@code QUARANTINE} for this table)
 * @param textAnalysis   how this table's index analyses text: {@code standard}, {@code cjk} or {@code korean}
 *                       (the worker's {@code TEXT_ANALYSIS} entry; {@code TextAnalysis})
 */
public record SourceTable(String name, Optional<String> streamArn, String demoStreamView, String index,
                          Optional<String> template, Optional<String> kmsKeyArn, String ttlDeletes, List<ShapeStep> shaping,
                          String quarantine, String textAnalysis) {

    /** The analysis of an index that names none. */
    public static final String DEFAULT_TEXT_ANALYSIS = "standard";

    public SourceTable {
        shaping = List.copyOf(shaping);
    }

    public static SourceTable existing(String name, String streamArn, String index, Optional<String> template,
                                       Optional<String> kmsKeyArn, String ttlDeletes) {
        return new SourceTable(name, Optional.of(streamArn), "", index, template, kmsKeyArn, ttlDeletes, List.of(), "on",
                DEFAULT_TEXT_ANALYSIS);
    }

    public static SourceTable demo(String name, String streamView, String index, String ttlDeletes) {
        return new SourceTable(name, Optional.empty(), streamView, index, Optional.empty(), Optional.empty(), ttlDeletes,
                List.of(), "on", DEFAULT_TEXT_ANALYSIS);
    }

    /** The same table with these shaping steps. */
    public SourceTable withShaping(List<ShapeStep> steps) {
        return new SourceTable(name, streamArn, demoStreamView, index, template, kmsKeyArn, ttlDeletes, steps, quarantine,
                textAnalysis);
    }

    /** The same table with quarantine {@code on} or {@code off}. */
    public SourceTable withQuarantine(String onOrOff) {
        return new SourceTable(name, streamArn, demoStreamView, index, template, kmsKeyArn, ttlDeletes, shaping, onOrOff,
                textAnalysis);
    }

    /** The same table with this text analysis of its index. */
    public SourceTable withTextAnalysis(String analysis) {
        return new SourceTable(name, streamArn, demoStreamView, index, template, kmsKeyArn, ttlDeletes, shaping, quarantine,
                analysis);
    }

    public boolean isDemo() {
        return streamArn.isEmpty();
    }

    /** The table's ARN, taken from its stream ARN (same partition, region and account). */
    public Optional<String> tableArn() {
        return streamArn.map(arn -> arn.substring(0, arn.indexOf("/stream/")));
    }
}
