package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.SearchReply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Every table with a stream on the local DynamoDB endpoint is synced, as the stack's tables list is on AWS: a table
 * created by a plain AWS SDK v2 client (none of the project's helpers) while the pipeline runs becomes searchable,
 * and so does a table named at start ({@code --tables}); the status shows each one's items and documents.
 */
class LocalTablesIT {

    private static final int COMMENTS = 30;

    @Test
    void pipeline_tableCreatedWhileRunning_itsItemsBecomeSearchable() throws Exception {
        try (LocalPipeline p = LocalPipeline.start(new LocalPipeline.Settings("Posts", 2, List.of("Tags")), s -> { }, x -> { });
             DynamoDbClient client = DynamoDbClient.builder()
                     .endpointOverride(p.dynamoEndpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .build()) {
            p.startSync();
            assertThat(p.syncedTables()).as("a table there at start is synced when startSync returns").containsKeys("Posts", "Tags");

            client.createTable(b -> b.tableName("Comments")
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("postId").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("commentId").attributeType(ScalarAttributeType.N).build())
                    .keySchema(KeySchemaElement.builder().attributeName("postId").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("commentId").keyType(KeyType.RANGE).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            for (int i = 1; i <= COMMENTS; i++) {
                int n = i;
                client.putItem(b -> b.tableName("Comments").item(Map.of(
                        "postId", AttributeValue.fromS("post-" + (n % 3)),
                        "commentId", AttributeValue.fromN(Integer.toString(n)),
                        "text", AttributeValue.fromS(n == 7 ? "the seventh comment mentions zebra" : "comment number " + n))));
            }
            client.deleteItem(b -> b.tableName("Comments").key(Map.of(
                    "postId", AttributeValue.fromS("post-2"), "commentId", AttributeValue.fromN("2"))));
            client.putItem(b -> b.tableName("Tags").item(Map.of("id", AttributeValue.fromS("korean"),
                    "label", AttributeValue.fromS("한국어"))));
            // a table without a stream is not synced; once its stream is enabled, its later changes are (as on AWS,
            // the items written before are not on the stream: a backfill brings them)
            client.createTable(b -> b.tableName("Drafts")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            client.putItem(b -> b.tableName("Drafts").item(Map.of("id", AttributeValue.fromS("before-stream"))));

            // bounded wait, no timing asserted: 60 s is far above the seconds it takes
            long live = COMMENTS - 1;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline
                    && (IndexSnapshot.count(p.openSearch(), "comments") != live || IndexSnapshot.count(p.openSearch(), "tags") != 1)) {
                Thread.sleep(250);
            }

            assertThat(p.syncedTables()).containsKeys("Posts", "Tags", "Comments").doesNotContainKey("Drafts");

            client.updateTable(b -> b.tableName("Drafts")
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            client.putItem(b -> b.tableName("Drafts").item(Map.of("id", AttributeValue.fromS("after-stream"))));
            long draftsDeadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < draftsDeadline && IndexSnapshot.count(p.openSearch(), "drafts") != 1) {
                Thread.sleep(250);
            }
            assertThat(p.syncedTables()).containsKey("Drafts");
            assertThat(IndexSnapshot.count(p.openSearch(), "drafts")).isEqualTo(1);
            assertThat(search(p, "drafts", "id", "after-stream")).hasSize(1);
            assertThat(IndexSnapshot.count(p.openSearch(), "comments")).isEqualTo(live);
            assertThat(IndexSnapshot.count(p.openSearch(), "tags")).isEqualTo(1);
            JsonNode hits = search(p, "comments", "text", "zebra");
            assertThat(hits).hasSize(1);
            assertThat(hits.get(0).path("_source").path("postId").asText()).isEqualTo("post-1");
            assertThat(hits.get(0).path("_source").path("commentId").asInt()).isEqualTo(7);
            assertThat(search(p, "tags", "label", "한국어")).hasSize(1);
            assertThat(Queues.depth(p.sqs(), p.queues().deadLetterQueueUrl())).isZero();

            LocalStatus status = new LocalStatus(p);
            List<String> lines = status.lines(status.read(), 0);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("Comments (comments)").containsPattern("\\s" + live + "\\s+" + live + "\\s"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("Tags (tags)").containsPattern("\\s1\\s+1\\s"));
        }
    }

    private static JsonNode search(LocalPipeline p, String alias, String field, String word) {
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        query.putObject("query").putObject("match").put(field, word);
        SearchReply reply = p.openSearch().search(alias, query);
        assertThat(reply.ok()).as(reply.describe()).isTrue();
        return reply.body().path("hits").path("hits");
    }
}
