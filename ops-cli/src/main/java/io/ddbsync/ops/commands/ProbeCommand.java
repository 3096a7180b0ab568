package io.ddbsync.ops.commands;

import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.ops.cli.AwsOptions;
import io.ddbsync.ops.cli.UsageException;
import io.ddbsync.ops.probe.SearchTargetProbe;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.ddbsync.ops.cli.OpenSearchOptions;

/** {@code ddbsync probe}: which of the calls ddbsync makes a search target answers, before deploying against it. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Calls each OpenSearch API ddbsync needs once and prints which work and what ddbsync does without the others.",
        description = {"Creates a scratch index (ddbsync-probe-<random>, with its template and aliases), makes each call the "
                + "worker, the tombstone purge and the runbook's commands make — bulk create through an alias with require_alias, "
                + "_mget of stored versions, bulk index conditioned on if_seq_no (and refused when stale), search_after, "
                + "refresh, delete_by_query, aliases, the reindex state document — judges each by what ddbsync relies on, "
                + "then deletes the scratch index and template. Point it at an OpenSearch Serverless collection "
                + "(--signing-service aoss) or a new major version to know before deploying."},
        footer = {"%nExit 0 when every call ddbsync needs works; 1 when one does not (the table says which and what "
                + "ddbsync does without it)."})
public final class ProbeCommand extends OpsCommand {

    @Mixin
    OpenSearchOptions openSearch;

    @Mixin
    AwsOptions aws;

    @Override
    protected int execute() {
        if (!openSearch.present()) {
            throw new UsageException("--opensearch-endpoint is required");
        }
        SearchTargetProbe.Report report;
        try (SearchTarget target = openSearch.client(aws)) {
            report = new SearchTargetProbe(target, SearchTargetProbe.scratchName()).run();
        }
        print(out(), openSearch.config(aws).endpoint().toString(), report);
        return report.neededWork() ? OK : ATTENTION;
    }

    static void print(PrintWriter out, String endpoint, SearchTargetProbe.Report report) {
        out.println("Probe of " + endpoint + " on the scratch index " + report.scratch() + " (deleted again):");
        out.println();
        int width = report.results().stream().mapToInt(r -> r.api().label().length()).max().orElse(10);
        int statusWidth = report.results().stream().mapToInt(r -> r.detail().length()).max().orElse(6);
        String row = "%-" + width + "s  %-6s %-" + statusWidth + "s  %-6s %s%n";
        out.printf(row, "API", "result", "status", "needed", "without it");
        for (SearchTargetProbe.Result r : report.results()) {
            out.printf(row, r.api().label(), r.works() ? "works" : "FAILS", r.detail(), r.api().needed() ? "yes" : "no",
                    r.works() ? "" : r.api().without());
        }
        out.println();
        long failing = report.results().stream().filter(r -> !r.works()).count();
        long neededFailing = report.results().stream().filter(r -> !r.works() && r.api().needed()).count();
        if (failing == 0) {
            out.println("Every call ddbsync makes works.");
        } else if (neededFailing == 0) {
            out.println(failing + " optional call(s) failed; everything ddbsync needs works.");
        } else {
            out.println(neededFailing + " call(s) ddbsync needs failed: " + report.results().stream()
                    .filter(r -> !r.works() && r.api().needed()).map(r -> r.api().name().toLowerCase(Locale.ROOT))
                    .reduce((a, b) -> a + ", " + b).orElse("") + ".");
        }
        if (!report.leftovers().isEmpty()) {
            out.println("Could not delete all of the scratch index " + report.scratch() + ": " + String.join("; ", report.leftovers()));
        }
        out.flush();
    }
}
