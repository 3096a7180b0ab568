package io.ddbsync.model.config;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the search engine is and how to reach it: the one setting every user of the search-target port
 * ({@code io.ddbsync.aws.search.SearchTarget}) starts from — the worker (environment), the command line
 * ({@code --opensearch-endpoint}, {@code --opensearch-auth}, {@code --signing-service}) and the stack (the worker's
 * environment it synthesizes).
 *
 * @param endpoint       the domain or collection endpoint, http(s); a bare host means https
 * @param auth           {@link Auth#SIGV4} (Amazon OpenSearch Service or Serverless, IAM) or {@link Auth#NONE}
 * @param signingService the SigV4 service name: {@link SigningService#ES} for a managed domain,
 *                       {@link SigningService#AOSS} for an OpenSearch Serverless collection; unused without SigV4
 * @param region         the AWS region requests are signed for (e.g. {@code us-east-1})
 */
public record SearchTargetConfig(URI endpoint, Auth auth, SigningService signingService, String region) {

    /** {@code OPENSEARCH_ENDPOINT}: required. */
    public static final String ENDPOINT_VARIABLE = "OPENSEARCH_ENDPOINT";
    /** {@code OPENSEARCH_AUTH}: {@code sigv4} (default) or {@code none}. */
    public static final String AUTH_VARIABLE = "OPENSEARCH_AUTH";
    /** {@code OPENSEARCH_SIGNING_SERVICE}: {@code es} (default) or {@code aoss}. */
    public static final String SIGNING_SERVICE_VARIABLE = "OPENSEARCH_SIGNING_SERVICE";

    /** How requests are authenticated. */
    public enum Auth { SIGV4, NONE }

    /** The SigV4 signing name of the target kind. */
    public enum SigningService {
        /** Amazon OpenSearch Service domains. */
        ES,
        /** Amazon OpenSearch Serverless collections. */
        AOSS;

        /** The name SigV4 signs with: {@code es} or {@code aoss}. */
        public String signingName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws IllegalArgumentException naming the accepted values for anything but {@code es} or {@code aoss}
         */
        public static SigningService of(String text) {
            for (SigningService s : values()) {
                if (s.signingName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a signing service (es or aoss)");
        }
    }

    public SearchTargetConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(signingService, "signingService");
        if (auth == Auth.SIGV4) {
            Objects.requireNonNull(region, "region (SigV4 signs for a region)");
        }
    }

    /** A target without authentication (the local stack, tests). */
    public static SearchTargetConfig plain(URI endpoint) {
        return new SearchTargetConfig(endpoint, Auth.NONE, SigningService.ES, null);
    }

    /**
     * {@value #ENDPOINT_VARIABLE}, {@value #AUTH_VARIABLE}, {@value #SIGNING_SERVICE_VARIABLE} and {@code AWS_REGION}.
     *
     * @throws ConfigException naming the variable that is missing or malformed
     */
    public static SearchTargetConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new SearchTargetConfig(
                r.requiredUrl(ENDPOINT_VARIABLE),
                r.choice(AUTH_VARIABLE, Auth.class, Auth.SIGV4),
                r.choice(SIGNING_SERVICE_VARIABLE, SigningService.class, SigningService.ES),
                r.region("AWS_REGION"));
    }
}
