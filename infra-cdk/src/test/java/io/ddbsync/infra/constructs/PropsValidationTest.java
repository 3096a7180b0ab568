package io.ddbsync.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.infra.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** Builders reject missing and out-of-range props before any construct is created. */
class PropsValidationTest {

    private static ChangeQueuesProps.Builder queues() {
        return ChangeQueuesProps.builder().maxMessageBytes(262_144).workerTimeoutSeconds(60)
                .workerBatchingWindowSeconds(2).maxReceiveCount(5);
    }

    @Test
    void changeQueuesProps_valid_visibilityIsSixTimesTimeoutPlusWindow() {
        assertThat(queues().build().visibilityTimeoutSeconds()).isEqualTo(362);
    }

    @Test
    void changeQueuesProps_receiveCountBelowFive_rejected() {
        assertThatThrownBy(() -> queues().maxReceiveCount(4).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("ChangeQueuesProps.maxReceiveCount: must be between 5 and 1000, got 4");
    }

    @Test
    void changeQueuesProps_missingSize_rejected() {
        assertThatThrownBy(() -> ChangeQueuesProps.builder().workerTimeoutSeconds(60).workerBatchingWindowSeconds(0)
                .maxReceiveCount(5).build())
                .hasMessage("ChangeQueuesProps.maxMessageBytes: is required");
    }

    @Test
    void forwarderProps_missingTable_rejected() {
        assertThatThrownBy(() -> ForwarderProps.builder().tableName("Posts").build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("ForwarderProps.sourceTable: is required");
    }

    @Test
    void workerProps_missingQueue_rejected() {
        assertThatThrownBy(() -> WorkerProps.builder().build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("WorkerProps.changeQueue: is required");
    }

    @Test
    void searchDomainProps_defaults_devSizedNewDomain() {
        SearchDomainProps props = SearchDomainProps.builder().build();
        assertThat(props.isExisting()).isFalse();
        assertThat(props.instanceType()).isEqualTo("t3.small.search");
        assertThat(props.instanceCount()).isEqualTo(1);
        assertThat(props.volumeGiB()).isEqualTo(10);
    }

    @Test
    void searchDomainProps_existingWithHttpEndpoint_rejected() {
        assertThatThrownBy(() -> SearchDomainProps.builder()
                .existing("http://x.es.amazonaws.com", "arn:aws:es:eu-west-1:123456789012:domain/x").build())
                .hasMessage("SearchDomainProps.existing: endpoint must be an https URL");
    }

    @Test
    void searchDomainProps_volumeTooSmall_rejected() {
        assertThatThrownBy(() -> SearchDomainProps.builder().newDomain("t3.small.search", 1, 5).build())
                .hasMessage("SearchDomainProps.volumeGiB: must be between 10 and 16384, got 5");
    }

    /** Every backfill prop valid: the function's timeout 120 s, maximum concurrency 2. */
    private static BackfillProps.Builder backfill() {
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack();
        return BackfillProps.builder().tableArns(java.util.List.of("arn:aws:dynamodb:eu-west-1:123456789012:table/T"))
                .changeQueue(software.amazon.awscdk.services.sqs.Queue.fromQueueArn(stack, "Q",
                        "arn:aws:sqs:eu-west-1:123456789012:q"))
                .codePath("backfill-worker.jar").timeoutSeconds(120).memoryMb(1024).maxConcurrency(2)
                .maxMessageBytes(1_048_576).maxReceiveCount(5).exportRetentionDays(7);
    }

    @Test
    void backfillProps_valid_visibilityIsSixTimesTheFunctionTimeout() {
        assertThat(backfill().build().visibilityTimeoutSeconds()).isEqualTo(720);
        assertThat(backfill().timeoutSeconds(900).build().visibilityTimeoutSeconds()).isEqualTo(5400);
    }

    @Test
    void backfillProps_noTablesOrTimeoutBeyondLambdas_rejectedNamingField() {
        assertThatThrownBy(() -> backfill().tableArns(java.util.List.of()).build())
                .hasMessage("BackfillProps.tableArns: needs the ARN of every source table");
        assertThatThrownBy(() -> backfill().timeoutSeconds(901).build())
                .hasMessage("BackfillProps.timeoutSeconds: must be between 10 and 900, got 901");
    }

    @Test
    void backfillProps_concurrencyOutsideSqsMappingRangeOrNoChangeQueue_rejectedNamingField() {
        assertThatThrownBy(() -> backfill().maxConcurrency(1).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("BackfillProps.maxConcurrency: must be between 2 and 1000, got 1");
        assertThatThrownBy(() -> backfill().maxConcurrency(1001).build())
                .hasMessage("BackfillProps.maxConcurrency: must be between 2 and 1000, got 1001");
        assertThatThrownBy(() -> backfill().changeQueue(null).build())
                .hasMessage("BackfillProps.changeQueue: is required");
    }

    @Test
    void forwarderProps_noOnFailureDestination_rejected() {
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack();
        var table = software.amazon.awscdk.services.dynamodb.Table.fromTableAttributes(stack, "T",
                software.amazon.awscdk.services.dynamodb.TableAttributes.builder()
                        .tableArn("arn:aws:dynamodb:eu-west-1:123456789012:table/Posts")
                        .tableStreamArn("arn:aws:dynamodb:eu-west-1:123456789012:table/Posts/stream/x").build());
        var queue = software.amazon.awscdk.services.sqs.Queue.fromQueueArn(stack, "Q",
                "arn:aws:sqs:eu-west-1:123456789012:q");
        assertThatThrownBy(() -> ForwarderProps.builder().tableName("Posts").sourceTable(table).changeQueue(queue).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("ForwarderProps.onFailure: is required");
    }

    @Test
    void monitoringProps_missingThresholds_rejectedNamingField() {
        assertThatThrownBy(() -> MonitoringProps.builder().namePrefix("d").build())
                .hasMessage("MonitoringProps.forwarders: is required");
    }
}
