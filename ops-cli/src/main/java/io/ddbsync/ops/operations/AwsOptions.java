package io.ddbsync.ops.operations;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import picocli.CommandLine.Option;

/**
 * {@code --region} and {@code --profile}: where and as whom the AWS clients call. Without them the
 * SDK's defaults apply (AWS_REGION, AWS_PROFILE, ~/.aws/config, instance roles). Clients pointed at
 * a loopback endpoint (the local stack) without {@code --profile} use fixed local credentials.
 */
public final class AwsOptions {

    /** Region of local endpoints when none is given (the local stack's region). */
    static final Region LOCAL_REGION = Region.US_EAST_1;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: the SDK's, e.g. AWS_REGION or the profile's; us-east-1 for local endpoints).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Named profile of ~/.aws/config and ~/.aws/credentials.")
    String profile;

    /** The region for a client whose endpoint override is {@code endpoint} (may be empty). */
    Region region(Optional<URI> endpoint) {
        if (region != null && !region.isBlank()) {
            return Region.of(region);
        }
        if (endpoint.isPresent() && isLocal(endpoint.get())) {
            return LOCAL_REGION;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion();
        } catch (SdkClientException e) {
            throw new OpsException("no AWS region: give --region (or set AWS_REGION)", e);
        }
    }

    /** The region name for configuration records (same rules as {@link #region(Optional)}). */
    String regionName(Optional<URI> endpoint) {
        return region(endpoint).id();
    }

    AwsCredentialsProvider credentials(Optional<URI> endpoint) {
        if (profile != null && !profile.isBlank()) {
            return ProfileCredentialsProvider.create(profile);
        }
        if (endpoint.isPresent() && isLocal(endpoint.get())) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    Optional<String> profile() {
        return Optional.ofNullable(profile).filter(p -> !p.isBlank());
    }

    static boolean isLocal(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]"));
    }
}
