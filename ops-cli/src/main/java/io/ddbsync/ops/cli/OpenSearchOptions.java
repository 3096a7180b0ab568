package io.ddbsync.ops.cli;

import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.model.config.SearchTargetConfig;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --opensearch-endpoint}, {@code --opensearch-auth} and {@code --signing-service}, and the search target they
 * give: the worker's own adapter, chosen by {@link SearchTargetFactory} from the same {@link SearchTargetConfig}.
 */
public final class OpenSearchOptions {

    public enum Auth { none, sigv4, auto }

    @Option(names = "--opensearch-endpoint", paramLabel = "URL",
            description = "OpenSearch endpoint, e.g. https://search-x.eu-west-1.es.amazonaws.com or http://127.0.0.1:9200 (a bare host means https).")
    String endpoint;

    @Option(names = "--opensearch-auth", paramLabel = "none|sigv4", defaultValue = "auto",
            description = "How to authenticate to OpenSearch: sigv4 (Amazon OpenSearch Service or Serverless, IAM) or none; "
                    + "default: sigv4 for https endpoints, none for http.")
    Auth auth;

    @Option(names = "--signing-service", paramLabel = "es|aoss", defaultValue = "es",
            description = "The SigV4 signing name, as the worker's OPENSEARCH_SIGNING_SERVICE: es for an OpenSearch Service "
                    + "domain, aoss for an OpenSearch Serverless collection (default: ${DEFAULT-VALUE}).")
    String signingService = "es";

    public boolean present() {
        return endpoint != null && !endpoint.isBlank();
    }

    public URI uri() {
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

    /** The configuration the options give; SigV4 signs for {@code --region} (or the SDK's default region). */
    public SearchTargetConfig config(AwsOptions aws) {
        URI uri = uri();
        SearchTargetConfig.SigningService service;
        try {
            service = SearchTargetConfig.SigningService.of(signingService);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--signing-service: " + e.getMessage(), e);
        }
        Auth effective = auth == Auth.auto ? ("https".equals(uri.getScheme()) ? Auth.sigv4 : Auth.none) : auth;
        if (effective == Auth.none) {
            return new SearchTargetConfig(uri, SearchTargetConfig.Auth.NONE, service, null);
        }
        return new SearchTargetConfig(uri, SearchTargetConfig.Auth.SIGV4, service, aws.regionName(Optional.empty()));
    }

    /** The target; SigV4 uses the SDK's default credentials ({@code --profile} sets AWS_PROFILE's system property). */
    public SearchTarget client(AwsOptions aws) {
        SearchTargetConfig config = config(aws);
        if (config.auth() == SearchTargetConfig.Auth.SIGV4) {
            aws.profile().ifPresent(p -> System.setProperty("aws.profile", p));
        }
        return SearchTargetFactory.create(config);
    }
}
