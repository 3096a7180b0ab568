package io.ddbsync.infra.constructs;

import io.ddbsync.model.config.IndexNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The OpenSearch HTTP paths ddbsync uses, as IAM resources {@code <domainArn>/<path>}, for the
 * indexes of one deployment. Names come from index-worker ({@link IndexNames}: search alias
 * {@code <index>}, write alias {@code <index>_write}, physical {@code <index>_v<N>}, template
 * {@code ddbsync-<index>}).
 *
 * <p>Worker: PUT its index templates and physical indexes; HEAD/GET its write aliases and reindex
 * aliases {@code <index>_reindex} (how it learns that {@code ddbsync reindex} runs); POST
 * {@code <index>_write/_mget} and {@code <index>_reindex/_mget} (the stored versions it decides
 * against, per target), {@code _aliases} (alias
 * actions name the index in the body, so that path cannot be narrowed) and {@code _bulk} (its
 * versioned writes and the failure notes of {@code ddbsync-failures}). The worker sends {@code POST /_bulk?require_alias=true}: a
 * domain-level path, so IAM cannot limit which indexes a bulk request names; the
 * {@code /<index>_write/_bulk} paths are granted too, so the worker can move to them and let the
 * domain enforce index-level access.
 *
 * <p>Purge: {@code _delete_by_query} on its own write aliases only (it purges the indexes of its
 * {@code INDEX_MAP}, never discovering others).
 */
final class SearchPaths {

    private final String domainArn;
    private final List<IndexNames> indexes = new ArrayList<>();

    SearchPaths(String domainArn, Collection<String> indexes) {
        this.domainArn = domainArn;
        indexes.forEach(index -> this.indexes.add(new IndexNames(index)));
    }

    private String path(String path) {
        return domainArn + "/" + path;
    }

    List<PolicyStatement> workerStatements() {
        List<String> put = new ArrayList<>();
        List<String> read = new ArrayList<>();
        List<String> post = new ArrayList<>(List.of(path("_bulk"), path("_aliases")));
        for (IndexNames names : indexes) {
            put.add(path("_index_template/" + names.template()));
            put.add(path(names.search() + "_v*"));
            read.add(path("_alias/" + names.write()));
            read.add(path("_alias/" + names.reindex()));
            post.add(path(names.write() + "/_bulk"));
            post.add(path(names.write() + "/_mget"));
            post.add(path(names.reindex() + "/_bulk"));
            post.add(path(names.reindex() + "/_mget"));
        }
        return List.of(
                statement("OpenSearchBootstrap", List.of("es:ESHttpPut"), put),
                statement("OpenSearchWriteAliases", List.of("es:ESHttpGet", "es:ESHttpHead"), read),
                statement("OpenSearchBulkAndAliases", List.of("es:ESHttpPost"), post));
    }

    List<PolicyStatement> purgeStatements() {
        List<String> deleteByQuery = new ArrayList<>();
        for (IndexNames names : indexes) {
            deleteByQuery.add(path(names.write() + "/_delete_by_query"));
        }
        return List.of(statement("OpenSearchDeleteTombstones", List.of("es:ESHttpPost"), deleteByQuery));
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources).build();
    }
}
