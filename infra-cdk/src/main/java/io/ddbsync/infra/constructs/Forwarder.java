package io.ddbsync.infra.constructs;

import io.ddbsync.forwarder.metrics.ForwarderMetricNames;
import io.ddbsync.infra.EnvNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.constructs.Construct;

/**
 * One table's stream-forwarder Lambda and its DynamoDB stream event source: reads the table's stream from
 * TRIM_HORIZON, sends change envelopes to the change queue, reports partial batch failures, bisects
 * failing batches, gives up after a finite number of retries or a maximum record age and then
 * leaves the batch on its on-failure destination (a poison record never blocks a shard): the whole invocation
 * record in the failure bucket, or its metadata on the stream-failure queue ({@link StreamFailureDestination}).
 *
 * <p>IAM: stream read on that table's stream (plus {@code dynamodb:ListStreams}, which has no
 * resource-level permissions), send to the change queue, and what the destination needs: {@code s3:PutObject}
 * under {@code aws/lambda/} of the failure bucket and {@code s3:ListBucket} on it, or send to the stream-failure
 * queue.
 */
public class Forwarder extends Construct {

    public static final String HANDLER = io.ddbsync.forwarder.StreamForwarderHandler.class.getName() + "::handleRequest";

    private final String tableName;
    private final Function function;
    private final Alias alias;

    public Forwarder(Construct scope, String id, ForwarderProps props) {
        super(scope, id);
        this.tableName = props.tableName();
        this.function = JavaLambda.function(this, "Function",
                "ddbsync stream-forwarder of table " + props.tableName() + ": stream records to SQS change envelopes",
                props.codePath(), HANDLER,
                new JavaLambda.Options(props.memoryMb(), props.timeoutSeconds(), props.snapStart(), props.tracing()),
                new TreeMap<>(Map.of(EnvNames.CHANGE_QUEUE_URL, props.changeQueue().getQueueUrl(),
                        EnvNames.MAX_MESSAGE_BYTES, Integer.toString(props.maxMessageBytes()),
                        EnvNames.POWERTOOLS_SERVICE_NAME, ForwarderMetricNames.SERVICE)));
        this.alias = JavaLambda.liveAlias(this, function);

        alias.addEventSource(DynamoEventSource.Builder.create(props.sourceTable())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(props.batchSize())
                .maxBatchingWindow(Duration.seconds(props.batchingWindowSeconds()))
                .parallelizationFactor(props.parallelizationFactor())
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(props.retryAttempts())
                .maxRecordAge(Duration.seconds(props.maxRecordAgeSeconds()))
                .onFailure(props.onFailure().eventSourceDlq())
                .build());
        props.changeQueue().grantSendMessages(function);
        props.kmsKeyArn().ifPresent(key -> function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("DecryptTableStream")
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(key))
                .build()));
    }

    /** The table whose stream this forwarder reads. */
    public String table() {
        return tableName;
    }

    public Function function() {
        return function;
    }

    /** The alias the stream event source invokes. */
    public Alias alias() {
        return alias;
    }
}
