package io.ddbsync.ops.aws;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the AWS clients of a command point: AWS (region and credentials from the flags, else the
 * SDK's default chains) or any endpoint that speaks the API (the local stack). Against a loopback
 * endpoint without {@code --profile} the local stack's static credentials are used.
 */
public final class AwsOptions {

    @Option(names = "--region", description = "AWS region (default: the SDK's chain, e.g. AWS_REGION; us-east-1 for loopback endpoints).")
    String region;

    @Option(names = "--profile", description = "Named profile from ~/.aws/config and ~/.aws/credentials.")
    String profile;

    @Option(names = "--endpoint-url", description = "DynamoDB endpoint, e.g. http://127.0.0.1:8000 (default: AWS).")
    URI dynamoEndpoint;

    @Option(names = "--sqs-endpoint-url", description = "SQS endpoint (default: AWS; the host of --queue-url when it is a loopback address).")
    URI sqsEndpoint;

    public AwsOptions() {
    }

    public AwsOptions(String region, String profile, URI dynamoEndpoint, URI sqsEndpoint) {
        this.region = region;
        this.profile = profile;
        this.dynamoEndpoint = dynamoEndpoint;
        this.sqsEndpoint = sqsEndpoint;
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), Optional.ofNullable(dynamoEndpoint)).build();
    }

    /** An SQS client; without --sqs-endpoint-url a loopback queue URL's own host is the endpoint. */
    public SqsClient sqs(String queueUrl) {
        Optional<URI> endpoint = Optional.ofNullable(sqsEndpoint);
        if (endpoint.isEmpty() && queueUrl != null) {
            URI q = URI.create(queueUrl);
            if (isLoopback(q)) {
                endpoint = Optional.of(URI.create(q.getScheme() + "://" + q.getAuthority()));
            }
        }
        return configure(SqsClient.builder(), endpoint).build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, Optional<URI> endpoint) {
        endpoint.ifPresent(builder::endpointOverride);
        boolean local = endpoint.map(AwsOptions::isLoopback).orElse(false);
        builder.region(region(local));
        builder.credentialsProvider(credentials(local));
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        return builder;
    }

    private Region region(boolean local) {
        if (region != null && !region.isBlank()) {
            return Region.of(region);
        }
        if (local) {
            return Region.US_EAST_1;
        }
        try {
            return profile == null ? new DefaultAwsRegionProviderChain().getRegion()
                    : DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("no AWS region: pass --region or set AWS_REGION", e);
        }
    }

    private AwsCredentialsProvider credentials(boolean local) {
        if (profile != null && !profile.isBlank()) {
            return ProfileCredentialsProvider.create(profile);
        }
        if (local) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }
}
