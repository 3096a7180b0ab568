package io.ddbsync.localstack;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Settings and client factories for AWS SDK v2 clients talking to the local services
 * ({@link LocalSqs}, {@link LocalDynamoDb}, {@link LocalS3}): one region, fixed static credentials, the light
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
     * An S3 client for {@code endpoint}, e.g. {@code LocalS3.shared().endpoint()}, with path-style addressing
     * ({@code <endpoint>/<bucket>/<key>}): a local server has no per-bucket host names.
     */
    public static S3Client s3(URI endpoint) {
        return configure(S3Client.builder(), endpoint).forcePathStyle(true).build();
    }

    /**
     * Waits until {@code table} is ACTIVE, polling DescribeTable every 5 ms for at most 10 s. dynalite answers
     * CreateTable while the table is still CREATING and refuses item calls (ResourceNotFoundException) until a
     * timer flips it, so a caller that writes right after CreateTable on a busy machine must wait, as it would
     * on DynamoDB. (The Streams emulator's endpoint already waits before it answers CreateTable.)
     *
     * @throws LocalStackException when the table is not ACTIVE within 10 s
     */
    public static void awaitActive(DynamoDbClient dynamoDb, String table) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dynamoDb.describeTable(b -> b.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("table " + table + " was not ACTIVE within 10 s of CreateTable");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for table " + table + " to be ACTIVE", e);
            }
        }
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
