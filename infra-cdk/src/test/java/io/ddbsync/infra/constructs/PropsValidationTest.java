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
    void monitoringProps_missingThresholds_rejectedNamingField() {
        assertThatThrownBy(() -> MonitoringProps.builder().namePrefix("d").build())
                .hasMessage("MonitoringProps.forwarders: is required");
    }
}
