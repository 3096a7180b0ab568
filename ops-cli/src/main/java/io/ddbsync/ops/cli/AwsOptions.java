package io.ddbsync.ops.cli;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where and as whom a command's AWS clients call, with the AWS CLI's option names: {@code --region}
 * and {@code --profile} (this mixin), and per service {@code --dynamodb-endpoint-url},
 * {@code --sqs-endpoint-url} and {@code --s3-endpoint-url} (the mixins {@link DynamoDbEndpoint}, {@link SqsEndpoint}
 * and {@link S3Endpoint}, for the commands that call that service). Without them the SDK's defaults apply (AWS_REGION, AWS_PROFILE,
 * ~/.aws/config, instance roles).
 *
 * <p>A loopback endpoint (localhost, 127.0.0.0/8, ::1) is the local stack: without {@code --region}
 * its region is us-east-1, without {@code --profile} its credentials are fixed local ones. A loopback
 * queue URL is its own SQS endpoint unless {@code --sqs-endpoint-url} says otherwise.
 */
public final class AwsOptions {

    /** The local stack's region, for loopback endpoints without {@code --region}. */
    public static final Region LOCAL_REGION = Region.US_EAST_1;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: the SDK's, e.g. AWS_REGION or the profile's; us-east-1 for loopback endpoints).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Named profile of ~/.aws/config and ~/.aws/credentials.")
    String profile;

    /** {@code --dynamodb-endpoint-url}: the DynamoDB (and DynamoDB Streams) endpoint. */
    public static final class DynamoDbEndpoint {

        @Option(names = "--dynamodb-endpoint-url", paramLabel = "URL",
                description = "DynamoDB and DynamoDB Streams endpoint, e.g. the local stack's http://127.0.0.1:8000 "
                        + "(default: AWS's for the region).")
        URI url;

        public Optional<URI> get() {
            return Optional.ofNullable(url);
        }
    }

    /** {@code --sqs-endpoint-url}: the SQS endpoint, else the host of a loopback queue URL. */
    public static final class SqsEndpoint {

        @Option(names = "--sqs-endpoint-url", paramLabel = "URL",
                description = "SQS endpoint (default: the host of a loopback queue URL, else AWS's for the region).")
        URI url;

        /** The endpoint for calls about {@code queueUrl}: the option, else the queue URL's host when it is a loopback address. */
        public Optional<URI> forQueue(String queueUrl) {
            if (url != null) {
                return Optional.of(url);
            }
            if (queueUrl == null) {
                return Optional.empty();
            }
            try {
                URI q = URI.create(queueUrl.strip());
                return isLoopback(q) ? Optional.of(URI.create(q.getScheme() + "://" + q.getRawAuthority())) : Optional.empty();
            } catch (IllegalArgumentException e) {
                throw new UsageException("not a queue URL: " + queueUrl, e);
            }
        }
    }

    /** {@code --s3-endpoint-url}: the S3 endpoint (path-style addressing when set, as the local stack's S3Mock needs). */
    public static final class S3Endpoint {

        @Option(names = "--s3-endpoint-url", paramLabel = "URL",
                description = "S3 endpoint, e.g. the local stack's (default: AWS's for the region); path-style addressing.")
        URI url;

        public Optional<URI> get() {
            return Optional.ofNullable(url);
        }
    }

    /** An S3 client; with an endpoint override it addresses buckets path-style. */
    public S3Client s3(S3Endpoint endpoint) {
        S3ClientBuilder builder = configure(S3Client.builder(), endpoint.get());
        if (endpoint.get().isPresent()) {
            builder.forcePathStyle(true);
        }
        return builder.build();
    }

    public DynamoDbClient dynamoDb(DynamoDbEndpoint endpoint) {
        return configure(DynamoDbClient.builder(), endpoint.get()).build();
    }

    public DynamoDbStreamsClient streams(DynamoDbEndpoint endpoint) {
        return configure(DynamoDbStreamsClient.builder(), endpoint.get()).build();
    }

    /** An SQS client for calls about {@code queueUrl} (see {@link SqsEndpoint#forQueue}). */
    public SqsClient sqs(SqsEndpoint endpoint, String queueUrl) {
        return configure(SqsClient.builder(), endpoint.forQueue(queueUrl)).build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, Optional<URI> endpoint) {
        endpoint.ifPresent(builder::endpointOverride);
        return builder.region(region(endpoint))
                .credentialsProvider(credentials(endpoint))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** The region for a client whose endpoint override is {@code endpoint} (may be empty). */
    public Region region(Optional<URI> endpoint) {
        if (region != null && !region.isBlank()) {
            return Region.of(region.strip());
        }
        if (endpoint.isPresent() && isLoopback(endpoint.get())) {
            return LOCAL_REGION;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().profileName(profile().orElse(null)).build().getRegion();
        } catch (SdkClientException e) {
            throw new UsageException("no AWS region: give --region (or set AWS_REGION, or a region in the profile)", e);
        }
    }

    /** The region's name for configuration records (same rules as {@link #region(Optional)}). */
    public String regionName(Optional<URI> endpoint) {
        return region(endpoint).id();
    }

    public AwsCredentialsProvider credentials(Optional<URI> endpoint) {
        if (profile().isPresent()) {
            return ProfileCredentialsProvider.create(profile().get());
        }
        if (endpoint.isPresent() && isLoopback(endpoint.get())) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public Optional<String> profile() {
        return Optional.ofNullable(profile).map(String::strip).filter(p -> !p.isEmpty());
    }

    /** localhost, 127.0.0.0/8 or ::1: the local stack. */
    public static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
