package io.ddbsync.ops.commands;

import io.ddbsync.model.wire.Compression;
import io.ddbsync.ops.cli.CompressionOption;
import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.cli.UsageException;
import java.io.PrintWriter;
import io.ddbsync.infra.config.AlarmPlan;
import io.ddbsync.infra.config.DdbSyncSettings;
import io.ddbsync.infra.config.InvalidSettingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.ddbsync.ops.cost.CostModel;
import io.ddbsync.ops.cost.Prices;

/** {@code ddbsync cost}: the README's cost model for given rates, ddbsync next to OpenSearch Ingestion. */
@Command(name = "cost", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Estimate the cost per million changes of 1 KB: this design next to an OpenSearch Ingestion DynamoDB pipeline.")
public final class CostCommand extends OpsCommand {

    /** OpenSearch Ingestion's range for a pipeline's minimum capacity: at least 1 OCU, at most a pipeline's maximum (96). */
    static final int MIN_OCUS = 1;
    static final int MAX_OCUS = 96;

    @Option(names = "--changes-per-second", split = ",", defaultValue = "100,10000", paramLabel = "N[,N...]",
            description = "Steady rates of changes of one table (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Mixin
    CompressionOption compression;

    @Option(names = "--osi-min-ocus", defaultValue = "1", paramLabel = "N",
            description = "Minimum capacity of the OpenSearch Ingestion pipeline in OCUs, " + MIN_OCUS + ".." + MAX_OCUS
                    + " (1 is the least a pipeline runs on, 2 is advised for availability; default: ${DEFAULT-VALUE}).")
    int osiMinOcus;

    @Option(names = "--context", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "The stack's configuration, as infra-cdk's `cdk deploy -c KEY=VALUE` takes it (repeatable): "
                    + "the alarms counted are those that configuration creates (default: the demo stack, one table "
                    + "and a new one-node domain).")
    Map<String, String> context = new LinkedHashMap<>();

    @Override
    protected int execute() {
        if (osiMinOcus < MIN_OCUS || osiMinOcus > MAX_OCUS) {
            throw new UsageException("--osi-min-ocus must be in " + MIN_OCUS + ".." + MAX_OCUS
                    + " (OpenSearch Ingestion's minimum capacity of a pipeline), got " + osiMinOcus);
        }
        for (double rate : rates) {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new UsageException("--changes-per-second must be positive, got " + rate);
            }
        }
        AlarmPlan alarms;
        int tables;
        try {
            alarms = DdbSyncSettings.alarmPlan(context::get);
            tables = DdbSyncSettings.tableCount(context::get);
        } catch (InvalidSettingException e) {
            throw new UsageException("--context " + e.getMessage(), e);
        }
        CostModel.Assumptions assumptions = CostModel.Assumptions.defaults(alarms.count(), tables).withOsiMinOcus(osiMinOcus);
        if (compression.get() == Compression.NONE) {
            assumptions = assumptions.plain();
        }
        String compressionName = compression.get().name().toLowerCase(Locale.ROOT);
        CostModel model = new CostModel(Prices.US_EAST_1, assumptions);
        PrintWriter out = out();
        for (double rate : rates) {
            CostModel.Estimate ours = model.ddbsync(rate);
            CostModel.Estimate osi = model.openSearchIngestion(rate);
            out.printf("%n%,.0f changes/s of %,d bytes, per million changes (compression %s):%n", rate,
                    assumptions.itemBytes(), compressionName);
            for (CostModel.Line line : ours.lines()) {
                out.printf("  %-28s $%9.4f  %s%n", line.name(), line.dollars(), line.detail());
            }
            out.printf("  %-28s $%9.4f%n", "ddbsync total", ours.total());
            for (CostModel.Line line : osi.lines()) {
                out.printf("  %-28s $%9.4f  %s%n", line.name(), line.dollars(), line.detail());
            }
            out.printf("  ddbsync / OSI = %.2f%n", ours.total() / osi.total());
        }
        out.println();
        out.printf("Alarms: %d, those the stack creates for this configuration (infra-cdk's AlarmPlan).%n", alarms.count());
        out.printf("Custom metrics: %d, the worker's and the forwarder's metric names x (1 + %d table(s)): dimension sets"
                + " [Service] and [Service, Table].%n", assumptions.customMetrics(), tables);
        out.println("Prices: " + Prices.SOURCE + ". Lambda durations are estimates; the OpenSearch domain is not included.");
        out.flush();
        return OK;
    }
}
