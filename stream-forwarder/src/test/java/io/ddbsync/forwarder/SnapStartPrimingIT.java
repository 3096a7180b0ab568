package io.ddbsync.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.model.log.LogCapture;
import io.ddbsync.forwarder.testing.QueueReader;
import io.ddbsync.localstack.LocalAws;
import io.ddbsync.localstack.LocalSqs;
import io.ddbsync.model.config.ForwarderConfig;
import io.ddbsync.model.wire.Compression;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SnapStart priming against a real SQS-protocol server: the whole batch is packed and read back, nothing is sent. */
class SnapStartPrimingIT {

    private static SqsClient sqs;
    private static QueueReader queues;

    @BeforeAll
    static void connect() {
        sqs = LocalAws.sqs(LocalSqs.shared().endpoint());
        queues = new QueueReader(sqs);
    }

    @AfterAll
    static void disconnect() {
        sqs.close();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void prime_representativeBatch_packsAndDecodesEveryRecordReadsTheQueueAndSendsNothing(Compression compression) {
        String queueUrl = queues.newQueue("priming");
        ForwarderConfig config = new ForwarderConfig(URI.create(queueUrl), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                Optional.of(LocalSqs.shared().endpoint()), LocalAws.REGION.id(), compression);
        SnapStartPriming.Primed primed;
        List<String> logLines;
        try (LogCapture capture = LogCapture.start()) {
            primed = new SnapStartPriming(config, sqs).prime();
            logLines = capture.lines().stream().filter(l -> l.contains(SnapStartPriming.class.getName())).toList();
        }

        assertThat(primed.records()).isEqualTo(3);
        assertThat(primed.messages()).isEqualTo(1);
        assertThat(primed.decodedRecords()).isEqualTo(3);
        assertThat(primed.queueRead()).isTrue();
        assertThat(queues.drain(queueUrl)).isEmpty();
        assertThat(logLines).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void prime_queueUnreachable_packsAnywayAndLogsTheQueue(Compression compression) {
        String missing = LocalSqs.shared().endpoint() + "/000000000000/no-such-queue";
        ForwarderConfig config = new ForwarderConfig(URI.create(missing), ForwarderConfig.DEFAULT_MAX_MESSAGE_BYTES,
                Optional.of(LocalSqs.shared().endpoint()), LocalAws.REGION.id(), compression);
        SnapStartPriming.Primed primed;
        List<String> logLines;
        try (LogCapture capture = LogCapture.start()) {
            primed = new SnapStartPriming(config, sqs).prime();
            logLines = capture.lines().stream().filter(l -> l.contains(SnapStartPriming.class.getName())).toList();
        }

        assertThat(primed.decodedRecords()).isEqualTo(3);
        assertThat(primed.queueRead()).isFalse();
        assertThat(logLines).singleElement().asString().contains("no-such-queue");
    }
}
