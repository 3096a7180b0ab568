package io.ddbsync.infra.config;

import io.ddbsync.model.config.SearchTargetConfig;
import java.util.Optional;

/**
 * The OpenSearch domain: an existing one (endpoint and ARN) or a new dev-sized one.
 *
 * @param endpoint      https URL of an existing domain; empty for a new domain
 * @param domainArn     ARN of an existing domain; empty for a new domain
 * @param instanceType  data node instance type of a new domain
 * @param instanceCount data node count of a new domain, or of an existing one when given
 * @param instanceCountKnown whether the data node count is known (new domain, or given for an existing
 *                      one): the yellow-status alarm needs it (yellow is a one-node domain's normal state)
 * @param volumeGiB     gp3 volume size per data node of a new domain
 * @param volumeKnown   whether the storage per node is known (new domain, or given for an existing one):
 *                      the FreeStorageSpace alarm needs it
 * @param dedicatedMasters whether an existing domain has dedicated master nodes
 * @param signingService the SigV4 signing name: {@code es} for a domain, {@code aoss} for a Serverless collection
 */
public record SearchDomainSettings(Optional<String> endpoint, Optional<String> domainArn, String instanceType,
                                   int instanceCount, boolean instanceCountKnown, int volumeGiB, boolean volumeKnown,
                                   boolean dedicatedMasters, SearchTargetConfig.SigningService signingService) {

    public boolean isExisting() {
        return domainArn.isPresent();
    }

    /** An OpenSearch Serverless collection (signed as {@code aoss}), not a domain. */
    public boolean isServerless() {
        return signingService == SearchTargetConfig.SigningService.AOSS;
    }
}
