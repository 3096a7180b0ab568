package io.ddbsync.localstack;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Settings and client factories for AWS SDK v2 clients talking to the local services
 * ({@link LocalSqs}, {@link LocalDynamoDb}): one region, fixed static credentials, the light
 * {@code url-connection-client} as HTTP client. The caller closes the clients it gets.
 */
public final class LocalAws {
    /** The region every local client uses; ElasticMQ puts it into queue ARNs. */
    public static final Region REGION = Region.US_EAST_1;
    /** The account id in local queue ARNs and URLs. */
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    private LocalAws() {
    }

    /** Static credentials the local servers accept (they do not check signatures). */
    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** An SQS client for {@code endpoint}, e.g. {@code LocalSqs.shared().endpoint()}. */
    public static SqsClient sqs(URI endpoint) {
        return configure(SqsClient.builder(), endpoint).build();
    }

    /** A DynamoDB client for {@code endpoint}, e.g. {@code LocalDynamoDb.shared().endpoint()}. */
    public static DynamoDbClient dynamoDb(URI endpoint) {
        return configure(DynamoDbClient.builder(), endpoint).build();
    }

    /**
     * Points any synchronous SDK client builder at a local endpoint with the local region, credentials and
     * HTTP client, for clients this class has no shortcut for.
     */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
