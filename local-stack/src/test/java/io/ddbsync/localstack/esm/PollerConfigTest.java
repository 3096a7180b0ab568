package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollerConfigTest {

    @Test
    void sqsBuilder_defaults_areValid() {
        SqsPollerConfig config = SqsPollerConfig.builder("worker", "http://q").build();

        assertThat(config.batchSize()).isEqualTo(10);
        assertThat(config.reportBatchItemFailures()).isTrue();
    }

    @Test
    void sqsConfig_badValues_failNamingTheSetting() {
        assertThatThrownBy(() -> SqsPollerConfig.builder("worker", "http://q").batchSize(0).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("batchSize").hasMessageContaining("worker");
        assertThatThrownBy(() -> SqsPollerConfig.builder("worker", "http://q").batchSize(11).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("batchingWindow");
        assertThatThrownBy(() -> SqsPollerConfig.builder("worker", "http://q").concurrency(0).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> SqsPollerConfig.builder("worker", "http://q").batchingWindow(Duration.ofSeconds(301)).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("batchingWindow");
        assertThatThrownBy(() -> SqsPollerConfig.builder("worker", "http://q").pollWait(Duration.ofMillis(500)).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("pollWait");
        assertThatThrownBy(() -> SqsPollerConfig.builder("bad name", "http://q").build())
                .isInstanceOf(EsmException.class).hasMessageContaining("functionName");
        assertThatThrownBy(() -> SqsPollerConfig.builder("worker", " ").build())
                .isInstanceOf(EsmException.class).hasMessageContaining("queueUrl");
        assertThatThrownBy(() -> SqsPollerConfig.builder("worker", "http://q").functionTimeout(Duration.ofMinutes(16)).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("functionTimeout");
    }

    @Test
    void sqsConfig_largeBatchWithWindow_isValid() {
        assertThat(SqsPollerConfig.builder("worker", "http://q").batchSize(100).batchingWindow(Duration.ofSeconds(1)).build()
                .batchSize()).isEqualTo(100);
    }

    @Test
    void streamConfig_badValues_failNamingTheSetting() {
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "arn").batchSize(10_001).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "arn").maximumRetryAttempts(-2).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("maximumRetryAttempts");
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "arn").maximumRecordAgeInSeconds(59).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("maximumRecordAgeInSeconds");
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "arn").maximumRecordAgeInSeconds(604_801).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("maximumRecordAgeInSeconds");
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "").build())
                .isInstanceOf(EsmException.class).hasMessageContaining("streamArn");
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "arn").pollInterval(Duration.ZERO).build())
                .isInstanceOf(EsmException.class).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "arn").uuid("not-a-uuid").build())
                .isInstanceOf(EsmException.class).hasMessageContaining("uuid");
        assertThatThrownBy(() -> StreamPollerConfig.builder("fwd", "arn").uuid("A1B2C3D4-0000-0000-0000-000000000000").build())
                .isInstanceOf(EsmException.class).hasMessageContaining("uuid");
    }

    @Test
    void streamConfig_uuid_randomPerMappingUnlessGiven() {
        StreamPollerConfig one = StreamPollerConfig.builder("fwd", "arn").build();
        StreamPollerConfig two = StreamPollerConfig.builder("fwd", "arn").build();
        StreamPollerConfig given = StreamPollerConfig.builder("fwd", "arn").uuid("6a4c2f0e-8b1d-4e5f-9a7b-3c2d1e0f9a8b").build();

        assertThat(one.uuid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").isNotEqualTo(two.uuid());
        assertThat(given.uuid()).isEqualTo("6a4c2f0e-8b1d-4e5f-9a7b-3c2d1e0f9a8b");
    }

    @Test
    void streamConfig_retriesExhausted_followsMaximumRetryAttempts() {
        StreamPollerConfig two = StreamPollerConfig.builder("fwd", "arn").maximumRetryAttempts(2).build();
        StreamPollerConfig infinite = StreamPollerConfig.builder("fwd", "arn").maximumRetryAttempts(-1).build();

        assertThat(two.retriesExhausted(2)).isFalse();
        assertThat(two.retriesExhausted(3)).isTrue();
        assertThat(infinite.retriesExhausted(10_000)).isFalse();
    }
}
