package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A private instance of each service started at the same time as the shared one: both run side by side
 * isolated, and closing the private one leaves no process, directory or open port behind. (Starting the
 * shared instance here rather than a second private one saves one OpenSearch start per build.)
 */
class ConcurrentInstancesIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void start_privateAndSharedAtOnce_isolatedAndPrivateGoneAfterClose() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Future<LocalOpenSearch> search1 = pool.submit(LocalOpenSearch::start);
        Future<LocalOpenSearch> search2 = pool.submit(LocalOpenSearch::shared);
        Future<LocalSqs> sqs1 = pool.submit(LocalSqs::start);
        Future<LocalSqs> sqs2 = pool.submit(LocalSqs::shared);
        Future<LocalDynamoDb> dynamo1 = pool.submit(LocalDynamoDb::start);
        Future<LocalDynamoDb> dynamo2 = pool.submit(LocalDynamoDb::shared);
        pool.shutdown();

        try (LocalOpenSearch searchA = search1.get(); LocalOpenSearch searchB = search2.get();
             LocalSqs sqsA = sqs1.get(); LocalSqs sqsB = sqs2.get();
             LocalDynamoDb dynamoA = dynamo1.get(); LocalDynamoDb dynamoB = dynamo2.get()) {
            assertThat(List.of(searchA.endpoint(), searchB.endpoint(), sqsA.endpoint(), sqsB.endpoint(),
                    dynamoA.endpoint(), dynamoB.endpoint())).doesNotHaveDuplicates();
            assertThat(searchA.instanceDir()).isNotEqualTo(searchB.instanceDir());

            assertThat(put(searchA.endpoint(), "/only-in-a")).isEqualTo(200);
            assertThat(status(searchA.endpoint(), "/only-in-a")).isEqualTo(200);
            assertThat(status(searchB.endpoint(), "/only-in-a")).isEqualTo(404);

            try (SqsClient a = LocalAws.sqs(sqsA.endpoint()); SqsClient b = LocalAws.sqs(sqsB.endpoint())) {
                a.createQueue(c -> c.queueName("only-in-a"));
                assertThat(a.listQueues().queueUrls()).singleElement().asString().endsWith("/only-in-a");
                assertThat(b.listQueues().queueUrls()).noneMatch(url -> url.endsWith("/only-in-a"));
            }
            try (DynamoDbClient a = LocalAws.dynamoDb(dynamoA.endpoint()); DynamoDbClient b = LocalAws.dynamoDb(dynamoB.endpoint())) {
                a.createTable(c -> c.tableName("only-in-a").billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
                assertThat(a.listTables().tableNames()).containsExactly("only-in-a");
                assertThat(b.listTables().tableNames()).doesNotContain("only-in-a");
            }

            searchA.close();
            dynamoA.close();
            sqsA.close();
            searchB.close(); // the shared instances ignore close(): they keep serving the other tests
            dynamoB.close();
            sqsB.close();

            assertThat(ProcessHandle.of(searchA.pid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(ProcessHandle.of(dynamoA.pid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(searchA.instanceDir()).doesNotExist();
            assertThat(Files.exists(dynamoA.instanceDir())).isFalse();
            for (URI closed : List.of(searchA.endpoint(), sqsA.endpoint(), dynamoA.endpoint())) {
                assertThatThrownBy(() -> status(closed, "/")).as(closed.toString()).isInstanceOf(ConnectException.class);
            }
            assertThat(status(searchB.endpoint(), "/only-in-a")).isEqualTo(404);
            try (SqsClient b = LocalAws.sqs(sqsB.endpoint()); DynamoDbClient d = LocalAws.dynamoDb(dynamoB.endpoint())) {
                assertThat(b.listQueues().queueUrls()).noneMatch(url -> url.endsWith("/only-in-a"));
                assertThat(d.listTables().tableNames()).doesNotContain("only-in-a");
            }
        }
    }

    private int status(URI endpoint, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build());
    }

    private int put(URI endpoint, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    private int send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

}
