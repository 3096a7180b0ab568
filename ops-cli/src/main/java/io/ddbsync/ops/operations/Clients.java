package io.ddbsync.ops.operations;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the SDK clients of a command from its options (one of each per run). */
final class Clients {

    private Clients() {
    }

    static SqsClient sqs(AwsOptions aws, Optional<URI> endpoint) {
        return configure(SqsClient.builder(), aws, endpoint).build();
    }

    static DynamoDbClient dynamoDb(AwsOptions aws, Optional<URI> endpoint) {
        return configure(DynamoDbClient.builder(), aws, endpoint).build();
    }

    static DynamoDbStreamsClient streams(AwsOptions aws, Optional<URI> endpoint) {
        return configure(DynamoDbStreamsClient.builder(), aws, endpoint).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, AwsOptions aws,
                                                                                             Optional<URI> endpoint) {
        endpoint.ifPresent(builder::endpointOverride);
        return builder.region(aws.region(endpoint))
                .credentialsProvider(aws.credentials(endpoint))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
