package io.ddbsync.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries README.md declares, checked on the compiled classes of every module on this
 * classpath (ops-cli depends on all the others but infra-cdk). A rule that matches no class fails
 * (ArchUnit's {@code failOnEmptyShould}), so a renamed package cannot make a rule pass vacuously.
 */
@AnalyzeClasses(packages = "io.ddbsync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The command line uses the Lambdas' and the adapters' declared APIs, never what they keep internal. */
    @ArchTest
    static final ArchRule commandLine_usesNoInternalPackage = noClasses()
            .that().resideInAPackage("io.ddbsync.ops..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .because("internal packages are free to change; the CLI depends on APIs (STYLE.md, Boundaries)");

    /** shared-model is plain Java + Jackson: no AWS SDK client, no Lambda runtime type. */
    @ArchTest
    static final ArchRule sharedModel_usesNoAwsSdkOrLambdaTypes = noClasses()
            .that().resideInAPackage("io.ddbsync.model..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "com.amazonaws..")
            .because("adapters to AWS live in aws-adapters behind small interfaces");

    /** The adapters serve the Lambdas and the CLI and depend on none of them. */
    @ArchTest
    static final ArchRule awsAdapters_dependOnNoLambdaOrCli = noClasses()
            .that().resideInAPackage("io.ddbsync.aws..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ddbsync.worker..", "io.ddbsync.forwarder..",
                    "io.ddbsync.ops..", "com.amazonaws.services.lambda..");

    /** One Lambda never reaches into the other's internals. */
    @ArchTest
    static final ArchRule lambdas_useNoInternalsOfEachOther = noClasses()
            .that().resideInAPackage("io.ddbsync.forwarder..")
            .should().dependOnClassesThat().resideInAPackage("io.ddbsync.worker..")
            .orShould().dependOnClassesThat().resideInAPackage("io.ddbsync.ops..");


}
