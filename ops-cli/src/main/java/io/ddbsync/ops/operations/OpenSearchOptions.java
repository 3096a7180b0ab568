package io.ddbsync.ops.operations;

import io.ddbsync.model.config.WorkerConfig;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.aws.opensearch.OpenSearchClients;
import io.ddbsync.aws.opensearch.OpenSearchHttp;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --opensearch-endpoint} and {@code --opensearch-auth}, and the client they give (the worker's own). */
public final class OpenSearchOptions {

    public enum Auth { none, sigv4, auto }

    @Option(names = "--opensearch-endpoint", paramLabel = "URL",
            description = "OpenSearch endpoint, e.g. https://search-x.eu-west-1.es.amazonaws.com or http://127.0.0.1:9200 (a bare host means https).")
    String endpoint;

    @Option(names = "--opensearch-auth", paramLabel = "none|sigv4", defaultValue = "auto",
            description = "How to authenticate to OpenSearch: sigv4 (Amazon OpenSearch Service, IAM) or none; "
                    + "default: sigv4 for https endpoints, none for http.")
    Auth auth;

    boolean present() {
        return endpoint != null && !endpoint.isBlank();
    }

    URI uri() {
        if (!present()) {
            throw new UsageException("--opensearch-endpoint is required");
        }
        String text = endpoint.contains("://") ? endpoint : "https://" + endpoint;
        try {
            URI uri = URI.create(text);
            if (uri.getHost() == null) {
                throw new UsageException("--opensearch-endpoint '" + endpoint + "' has no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--opensearch-endpoint '" + endpoint + "' is not a URL", e);
        }
    }

    /** A client for the endpoint; SigV4 uses the SDK's default credentials ({@code --profile} sets AWS_PROFILE's system property). */
    OpenSearchHttp client(AwsOptions aws) {
        URI uri = uri();
        Auth effective = auth == Auth.auto ? ("https".equals(uri.getScheme()) ? Auth.sigv4 : Auth.none) : auth;
        if (effective == Auth.none) {
            return OpenSearchClients.plain(uri);
        }
        aws.profile().ifPresent(p -> System.setProperty("aws.profile", p));
        WorkerConfig config = new WorkerConfig(uri, WorkerConfig.Auth.SIGV4, aws.regionName(Optional.empty()), Map.of(),
                Optional.empty(), WorkerConfig.TtlDeletes.DELETE, WorkerConfig.DEFAULT_TOMBSTONE_RETENTION_DAYS,
                WorkerConfig.DEFAULT_METADATA_FIELD, Optional.empty());
        return OpenSearchClients.create(config);
    }
}
