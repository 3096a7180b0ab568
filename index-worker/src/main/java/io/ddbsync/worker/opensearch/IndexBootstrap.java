package io.ddbsync.worker.opensearch;

import io.ddbsync.model.config.IndexNames;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure an index is ready for versioned writes: a composable index
 * template for {@code <name>_v*}, the physical index {@code <name>_v1} created together with its
 * filtered search alias {@code <name>} (tombstones hidden) and its write alias {@code <name>_write}; an index that
 * exists already gets the metadata's quarantine mapping added ({@link IndexTemplates#quarantineMapping}).
 * Every step is idempotent and tolerates another worker doing the same at the same time.
 * Done once per index per process.
 */
public final class IndexBootstrap {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final SearchTarget target;
    private final IndexTemplates templates;
    private final String metadataField;
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();

    public IndexBootstrap(SearchTarget target, IndexTemplates templates, String metadataField) {
        this.target = target;
        this.templates = templates;
        this.metadataField = metadataField;
    }

    /** Idempotent; cheap after the first successful call for an index. Calls wait at most the default timeout. */
    public void ensure(String index) {
        ensure(index, TimeBudget.unlimited());
    }

    /** Idempotent; cheap after the first successful call for an index; every call bounded by the budget. */
    public void ensure(String index, TimeBudget budget) {
        if (ready.containsKey(index)) {
            return;
        }
        synchronized (this) {
            if (ready.containsKey(index)) {
                return;
            }
            ensureIndex(new IndexNames(index), budget.callTimeout(SearchTarget.DEFAULT_TIMEOUT));
            ready.put(index, Boolean.TRUE);
        }
    }

    /** Forgets that an index was ready (its alias disappeared): the next {@link #ensure} checks again. */
    public void forget(String index) {
        ready.remove(index);
    }

    private void ensureIndex(IndexNames names, Duration timeout) {
        ObjectNode template = F.objectNode();
        template.putArray("index_patterns").add(names.search() + "_v*");
        template.put("priority", 200);
        template.set("template", templates.templateBody(names.search()));
        template.putObject("_meta").put("managed_by", "ddbsync");
        SearchReply put = target.putIndexTemplate(names.template(), template, timeout);
        if (!put.ok()) {
            throw new IndexBootstrapException("cannot put index template " + names.template() + ": " + put.describe());
        }
        if (target.aliasExists(names.write(), timeout).status() == 200) {
            ensureQuarantineMapping(names);
            return;
        }
        String physical = names.physical(IndexNames.FIRST_GENERATION);
        ObjectNode create = F.objectNode();
        ObjectNode aliases = create.putObject("aliases");
        aliases.putObject(names.search()).set("filter", notDeletedFilter());
        aliases.putObject(names.write()).put("is_write_index", true);
        SearchReply created = target.createIndex(physical, create, timeout);
        if (created.ok()) {
            return;
        }
        if (!"resource_already_exists_exception".equals(created.errorType())) {
            throw new IndexBootstrapException("cannot create index " + physical + ": " + created.describe());
        }
        // The index exists (another worker won the race, or it was made by hand): make sure the aliases do too.
        if (target.aliasExists(names.write(), timeout).status() == 200) {
            return;
        }
        ArrayNode list = F.arrayNode();
        ObjectNode search = list.addObject().putObject("add");
        search.put("index", physical).put("alias", names.search()).set("filter", notDeletedFilter());
        list.addObject().putObject("add").put("index", physical).put("alias", names.write()).put("is_write_index", true);
        SearchReply aliased = target.updateAliases(list, timeout);
        if (!aliased.ok()) {
            throw new IndexBootstrapException("cannot add aliases to " + physical + ": " + aliased.describe());
        }
    }

    /**
     * An index made before ddbsync mapped its quarantine object (or from a template that lacks it) gets the mapping
     * added, so a quarantined value is never indexed by dynamic mapping (adding fields to a mapping is allowed).
     */
    private void ensureQuarantineMapping(IndexNames names) {
        SearchReply put = target.putMapping(names.write(), IndexTemplates.quarantineMapping(metadataField));
        if (!put.ok()) {
            throw new IndexBootstrapException("cannot add the quarantine mapping to " + names.write() + ": " + put.describe());
        }
    }

    /** The search alias filter: documents that are not tombstones. */
    public ObjectNode notDeletedFilter() {
        ObjectNode filter = F.objectNode();
        filter.putObject("bool").putObject("must_not").putObject("term").put(metadataField + ".deleted", true);
        return filter;
    }
}
