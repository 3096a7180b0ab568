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

    @Test
    void backfillProps_valid_visibilityIsSixTimesTheFunctionTimeout() {
        BackfillProps props = BackfillProps.builder().tableArns(java.util.List.of("arn:aws:dynamodb:eu-west-1:1:table/T"))
                .timeoutSeconds(120).maxReceiveCount(5).exportRetentionDays(7).build();
        assertThat(props.visibilityTimeoutSeconds()).isEqualTo(720);
    }

    @Test
    void backfillProps_noTablesOrTimeoutBeyondLambdas_rejectedNamingField() {
        assertThatThrownBy(() -> BackfillProps.builder().tableArns(java.util.List.of()).timeoutSeconds(120)
                .maxReceiveCount(5).exportRetentionDays(7).build())
                .hasMessage("BackfillProps.tableArns: needs the ARN of every source table");
        assertThatThrownBy(() -> BackfillProps.builder().tableArns(java.util.List.of("arn")).timeoutSeconds(901)
                .maxReceiveCount(5).exportRetentionDays(7).build())
                .hasMessage("BackfillProps.timeoutSeconds: must be between 10 and 900, got 901");
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
