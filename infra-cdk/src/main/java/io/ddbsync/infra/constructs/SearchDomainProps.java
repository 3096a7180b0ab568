package io.ddbsync.infra.constructs;

import io.ddbsync.infra.config.InvalidSettingException;
import java.util.Optional;

/**
 * Inputs of {@link SearchDomain}: either an existing domain ({@link Builder#existing}) or the size
 * of a new one ({@link Builder#newDomain}); build with {@link #builder()}, which validates.
 */
public final class SearchDomainProps {

    private final Optional<String> existingEndpoint;
    private final Optional<String> existingDomainArn;
    private final String instanceType;
    private final int instanceCount;
    private final int volumeGiB;
    private final String domainNamePrefix;
    private final Optional<Network> network;

    private SearchDomainProps(Builder b) {
        if ((b.existingEndpoint == null) != (b.existingDomainArn == null)) {
            throw new InvalidSettingException("SearchDomainProps.existing", "needs both the endpoint and the domain ARN");
        }
        this.existingEndpoint = Optional.ofNullable(b.existingEndpoint);
        this.existingDomainArn = Optional.ofNullable(b.existingDomainArn);
        if (existingEndpoint.isPresent() && !existingEndpoint.get().startsWith("https://")) {
            throw new InvalidSettingException("SearchDomainProps.existing", "endpoint must be an https URL");
        }
        if (existingDomainArn.isPresent() && !existingDomainArn.get().contains(":domain/")
                && !existingDomainArn.get().contains(":collection/")) {
            throw new InvalidSettingException("SearchDomainProps.existing", "is not a domain or Serverless collection ARN: "
                    + existingDomainArn.get());
        }
        this.instanceType = Require.present(b.instanceType, "SearchDomainProps.instanceType");
        this.instanceCount = Require.range(b.instanceCount, "SearchDomainProps.instanceCount", 1, 80);
        this.volumeGiB = Require.range(b.volumeGiB, "SearchDomainProps.volumeGiB", 10, 16_384);
        this.domainNamePrefix = b.domainNamePrefix == null ? "ddbsync" : b.domainNamePrefix;
        if (!domainNamePrefix.matches("[a-z][a-z0-9-]{0," + (SearchDomain.MAX_NAME_PREFIX_LENGTH - 1) + "}")) {
            throw new InvalidSettingException("SearchDomainProps.domainNamePrefix", "must be 1-"
                    + SearchDomain.MAX_NAME_PREFIX_LENGTH + " of a-z 0-9 -, starting with a letter: '" + domainNamePrefix + "'");
        }
        this.network = Optional.ofNullable(b.network);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isExisting() { return existingDomainArn.isPresent(); }
    public Optional<String> existingEndpoint() { return existingEndpoint; }
    public Optional<String> existingDomainArn() { return existingDomainArn; }
    public String instanceType() { return instanceType; }
    public int instanceCount() { return instanceCount; }
    public int volumeGiB() { return volumeGiB; }
    /** Start of a new domain's name; {@link SearchDomain} appends what makes it unique (see there). */
    public String domainNamePrefix() { return domainNamePrefix; }
    /** A new domain goes into this network's subnets. */
    public Optional<Network> network() { return network; }

    public static final class Builder {
        private String existingEndpoint;
        private String existingDomainArn;
        private String instanceType = "t3.small.search";
        private Integer instanceCount = 1;
        private Integer volumeGiB = 10;
        private String domainNamePrefix;
        private Network network;

        public Builder domainNamePrefix(String v) { this.domainNamePrefix = v; return this; }
        public Builder network(Network v) { this.network = v; return this; }

        /** Use an existing domain: its https endpoint and its ARN. */
        public Builder existing(String endpoint, String domainArn) {
            this.existingEndpoint = endpoint;
            this.existingDomainArn = domainArn;
            return this;
        }

        /** Create a domain of this size (defaults: one t3.small.search with 10 GiB, dev-sized). */
        public Builder newDomain(String instanceType, int instanceCount, int volumeGiB) {
            this.instanceType = instanceType;
            this.instanceCount = instanceCount;
            this.volumeGiB = volumeGiB;
            return this;
        }

        public SearchDomainProps build() {
            return new SearchDomainProps(this);
        }
    }
}
