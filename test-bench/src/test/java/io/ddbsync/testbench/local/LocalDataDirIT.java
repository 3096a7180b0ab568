package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code --data-dir}: two runs of the local stack on one directory. What the first run left — a table item, a message
 * on a queue, a document in the index — is there in the second, through each service's own persistence (dynalite's
 * LevelDB, ElasticMQ's H2 message storage, OpenSearch's {@code path.data}). No poller runs, so nothing consumes the
 * message in between.
 */
class LocalDataDirIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void start_sameDataDirTwice_itemMessageAndDocumentSurvive() throws Exception {
        // a temp dir opened to other users (a temp dir is 0700): OpenSearch's user (when the build runs as root) must reach
        // it, wherever the build's own tree is (a clone in a 0700 directory refuses it: "is a parent directory closed")
        Path data = Files.createTempDirectory("ddbsync-data-dir-it-");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            runTwice(data);
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void runTwice(Path data) throws Exception {
        LocalPipeline.Settings settings = new LocalPipeline.Settings("Posts", 2, List.of(), LocalPipeline.DEPLOYED_VISIBILITY_TIMEOUT,
                Queues.MAX_RECEIVE_COUNT, Optional.of(data));
        try (LocalPipeline first = LocalPipeline.start(settings, s -> { }, x -> { })) {
            first.dynamo().putItem(b -> b.tableName("Posts").item(Map.of("id", AttributeValue.fromS("kept-1"),
                    "title", AttributeValue.fromS("first run"))));
            first.sqs().sendMessage(b -> b.queueUrl(first.queues().changeQueueUrl()).messageBody("{\"kept\":1}"));
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(first.openSearchEndpoint()
                            .resolve("/" + first.index() + "_write/_doc/kept-1?refresh=true"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"first run\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        }

        // the second run with other retry settings: the kept change queue takes them (CreateQueue alone refuses a queue
        // of that name with other attributes: QueueNameExists, as SQS does)
        LocalPipeline.Settings other = new LocalPipeline.Settings("Posts", 2, List.of(), Duration.ofSeconds(45), 3, Optional.of(data));
        try (LocalPipeline second = LocalPipeline.start(other, s -> { }, x -> { })) {
            Map<QueueAttributeName, String> attributes = second.sqs().getQueueAttributes(b -> b.queueUrl(second.queues().changeQueueUrl())
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "45");
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).containsPattern("\"maxReceiveCount\"\\s*:\\s*\"?3\"?[,}]");

            assertThat(second.dynamo().getItem(b -> b.tableName("Posts").consistentRead(true)
                    .key(Map.of("id", AttributeValue.fromS("kept-1")))).item())
                    .containsEntry("title", AttributeValue.fromS("first run"));

            List<Message> messages = second.sqs().receiveMessage(b -> b.queueUrl(second.queues().changeQueueUrl())
                    .waitTimeSeconds(2).maxNumberOfMessages(10)).messages();
            assertThat(messages).extracting(Message::body).containsExactly("{\"kept\":1}");

            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(second.openSearchEndpoint()
                    .resolve("/" + second.index() + "/_doc/kept-1")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(get.body()).contains("\"title\":\"first run\"");
            assertThat(second.streamArn()).isNotNull(); // the kept table streams again
        }
    }
}
