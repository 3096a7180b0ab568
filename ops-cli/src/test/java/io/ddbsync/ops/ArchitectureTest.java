package io.ddbsync.ops;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.ddbsync.aws.opensearch.SearchTargetFactory;
import io.ddbsync.worker.IndexWorkerHandler;

/**
 * The module boundaries README.md declares, checked on the compiled classes of every module on this
 * classpath (ops-cli depends on all the others; on infra-cdk without the CDK). A rule that matches no class fails
 * (ArchUnit's {@code failOnEmptyShould}), so a renamed package cannot make a rule pass vacuously. The
 * command's class path itself (no shaded jar, every class once) is {@code CommandClassPathIT}'s.
 */
@AnalyzeClasses(packages = "io.ddbsync", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** The command line uses the Lambdas' and the adapters' declared APIs, never what they keep internal. */
    @ArchTest
    static final ArchRule commandLine_usesNoInternalPackage = noClasses()
            .that().resideInAnyPackage("io.ddbsync.ops..", "io.ddbsync.testbench..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .because("internal packages are free to change; the CLI depends on APIs (STYLE.md, Boundaries)");

    /** shared-model is plain Java + Jackson: no AWS SDK client, no Lambda runtime type, no logging backend or EMF. */
    @ArchTest
    static final ArchRule sharedModel_usesNoAwsSdkLambdaOrBackend = noClasses()
            .that().resideInAPackage("io.ddbsync.model..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "com.amazonaws..",
                    "software.amazon.cloudwatchlogs..", "org.apache.logging..")
            .because("adapters to AWS live in aws-adapters behind small interfaces; the backend is the processes'");

    /** The adapters serve the Lambdas and the CLI and depend on none of them. */
    @ArchTest
    static final ArchRule awsAdapters_dependOnNoLambdaOrCli = noClasses()
            .that().resideInAPackage("io.ddbsync.aws..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ddbsync.worker..", "io.ddbsync.forwarder..",
                    "io.ddbsync.backfill..", "io.ddbsync.ops..", "io.ddbsync.testbench..", "com.amazonaws.services.lambda..");

    /**
     * The backfill Lambda shares the one-host backfill's pages through aws-adapters, never through operations: its
     * deployable jar holds no operations, worker or forwarder code.
     */
    @ArchTest
    static final ArchRule backfillLambda_dependsOnNoOtherLambdaOrOperations = noClasses()
            .that().resideInAPackage("io.ddbsync.backfill..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ddbsync.worker..", "io.ddbsync.forwarder..",
                    "io.ddbsync.ops..", "io.ddbsync.testbench..", "io.ddbsync.localstack..");

    /** One Lambda never reaches into the other's internals. */
    @ArchTest
    static final ArchRule lambdas_useNoInternalsOfEachOther = noClasses()
            .that().resideInAPackage("io.ddbsync.forwarder..")
            .should().dependOnClassesThat().resideInAPackage("io.ddbsync.worker..")
            .orShould().dependOnClassesThat().resideInAPackage("io.ddbsync.ops..");

    /**
     * Engine calls only through the port's adapter: outside the adapter package ({@code io.ddbsync.aws.opensearch})
     * no class touches opensearch-java or the REST client, and of the adapter package only the factory that chooses
     * it at start is named; everyone else holds a {@code SearchTarget}.
     */
    @ArchTest
    static final ArchRule engineCalls_onlyThroughTheSearchTargetAdapter = noClasses()
            .that().resideOutsideOfPackage("io.ddbsync.aws.opensearch..")
            .should().dependOnClassesThat().resideInAnyPackage("org.opensearch.client..", "org.apache.hc..")
            .orShould().dependOnClassesThat(resideInAPackage("io.ddbsync.aws.opensearch..")
                    .and(not(JavaClass.Predicates.equivalentTo(SearchTargetFactory.class))))
            .because("every call to the search engine goes through SearchTarget (DESIGN.md, Seams), so an adapter for "
                    + "another target kind plugs in at one place");

    /** No SQS type below the worker's handler: the core sees plain deliveries, another transport is another handler. */
    @ArchTest
    static final ArchRule worker_noSqsTypeBelowTheHandler = noClasses()
            .that().resideInAPackage("io.ddbsync.worker..")
            .and().doNotHaveFullyQualifiedName(IndexWorkerHandler.class.getName())
            .should().dependOnClassesThat(resideInAPackage("com.amazonaws.services.lambda.runtime.events..")
                    .and(simpleNameStartingWith("SQS")))
            .because("SQSEvent and SQSBatchResponse belong to the SQS transport's handler only (DESIGN.md, Seams)");

    /** The modules of the command line and what it runs form no cycle: commands → test bench → operations → Lambdas. */
    @ArchTest
    static final ArchRule modules_freeOfCycles = slices().assignedFrom(new ModuleSlices()).should().beFreeOfCycles();

    /** Neither do the packages of the operations, the test bench and the command line (the old local ↔ faults cycle). */
    @ArchTest
    static final ArchRule opsPackages_freeOfCycles = slices().matching("io.ddbsync.(ops|testbench).(*)..").should().beFreeOfCycles();

    /** The operations and the test bench are libraries: no command-line parsing, no command in them. */
    @ArchTest
    static final ArchRule operationsAndTestBench_dependOnNoCommandLine = noClasses()
            .that().resideInAnyPackage("io.ddbsync.ops.operations..", "io.ddbsync.ops.backfill..", "io.ddbsync.ops.cost..",
                    "io.ddbsync.ops.probe..", "io.ddbsync.ops.progress..", "io.ddbsync.testbench..")
            .should().dependOnClassesThat(resideInAnyPackage("picocli..", "io.ddbsync.ops.cli..", "io.ddbsync.ops.commands..")
                    .or(resideInAPackage("io.ddbsync.ops").and(not(resideInAPackage("io.ddbsync.ops.*..")))))
            .because("the commands parse options into calls of the operations and the test bench, never the other way round");

    /** Of the stack, the command line reads only its plain configuration (the alarm plan of {@code cost}), never the CDK. */
    @ArchTest
    static final ArchRule commandLine_readsOnlyTheStacksConfiguration = noClasses()
            .that().resideInAnyPackage("io.ddbsync.ops..", "io.ddbsync.testbench..")
            .should().dependOnClassesThat(resideInAPackage("io.ddbsync.infra..")
                    .and(not(resideInAPackage("io.ddbsync.infra.config"))))
            .orShould().dependOnClassesThat().resideInAnyPackage("software.amazon.awscdk..", "software.constructs..")
            .because("the CDK is not on the command's class path: infra-cdk is linked without its dependencies");

    /** Leaves out the test-jars other modules publish for their tests (shared-model's LogCapture). */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }

    /** Each class's module, by its package (DESIGN.md, Shape). */
    static final class ModuleSlices implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.startsWith("io.ddbsync.model")) {
                return SliceIdentifier.of("shared-model");
            }
            if (p.startsWith("io.ddbsync.aws")) {
                return SliceIdentifier.of("aws-adapters");
            }
            if (p.startsWith("io.ddbsync.forwarder")) {
                return SliceIdentifier.of("stream-forwarder");
            }
            if (p.startsWith("io.ddbsync.worker")) {
                return SliceIdentifier.of("index-worker");
            }
            if (p.startsWith("io.ddbsync.backfill")) {
                return SliceIdentifier.of("backfill-worker");
            }
            if (p.startsWith("io.ddbsync.localstack")) {
                return SliceIdentifier.of("local-stack");
            }
            if (p.startsWith("io.ddbsync.testbench")) {
                return SliceIdentifier.of("test-bench");
            }
            if (p.equals("io.ddbsync.ops") || p.startsWith("io.ddbsync.ops.cli") || p.startsWith("io.ddbsync.ops.commands")) {
                return SliceIdentifier.of("ops-cli");
            }
            if (p.startsWith("io.ddbsync.ops")) {
                return SliceIdentifier.of("operations");
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "ddbsync modules";
        }
    }
}
