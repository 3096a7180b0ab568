package io.ddbsync.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.infra.constructs.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awscdk.assertions.Template;

/**
 * Runs AWS's CloudFormation linter (cfn-lint 1.x, a Python tool on PATH) on a synthesized template
 * and returns its findings: errors, warnings and informational checks. The template is written to
 * {@code target/cfn-lint/<name>.template.json} first, so a failing run can be repeated by hand with
 * {@code cfn-lint --include-checks I -- target/cfn-lint/<name>.template.json}.
 */
final class CfnLint {

    /** One finding: rule id (E…, W…, I…), the template path it points at, and cfn-lint's message. */
    record Finding(String rule, List<String> path, String message) {

        /** The logical id of the resource the finding is about, or empty when it is not about one. */
        String resource() {
            return path.size() > 1 && "Resources".equals(path.get(0)) ? path.get(1) : "";
        }

        @Override
        public String toString() {
            return rule + " at " + String.join("/", path) + ": " + message;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "cfn-lint");
    private static final long TIMEOUT_SECONDS = 180;

    private CfnLint() {
    }

    /** Writes the template, runs cfn-lint on it and returns every finding (none: an empty list). */
    static List<Finding> run(Template template, String name) {
        Path file = OUT.resolve(name + ".template.json");
        try {
            Files.createDirectories(OUT);
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(template.toJSON()));
        } catch (IOException e) {
            throw new IllegalStateException("could not write the template to " + file, e);
        }
        Path errors = OUT.resolve(name + ".stderr.txt");
        List<String> command = List.of("cfn-lint", "--format", "json", "--include-checks", "I", "--", file.toString());
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            return fail("cfn-lint is not on PATH (" + e.getMessage() + "): the infra-cdk tests lint every synthesized "
                    + "template with it; install cfn-lint 1.x (pip install cfn-lint) and run again", e);
        }
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("cfn-lint did not finish within " + TIMEOUT_SECONDS + " s on " + file);
            }
            // Exit codes are a bit mask of the levels found (2 error, 4 warning, 8 informational);
            // 1 is a crash or a bad argument, with no JSON to read.
            int exit = process.exitValue();
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if ((exit & 1) != 0 || !text.startsWith("[")) {
                return fail("cfn-lint failed on " + file + " (exit " + exit + "): "
                        + Files.readString(errors, StandardCharsets.UTF_8) + text);
            }
            System.out.printf("cfn-lint %s: %.1f s%n", name, (System.nanoTime() - started) / 1e9);
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : JSON.readTree(text)) {
                List<String> path = new ArrayList<>();
                f.path("Location").path("Path").forEach(p -> path.add(p.asText()));
                findings.add(new Finding(f.path("Rule").path("Id").asText(), List.copyOf(path), f.path("Message").asText()));
            }
            return findings;
        } catch (IOException e) {
            throw new IllegalStateException("could not read cfn-lint's output for " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while cfn-lint ran on " + file, e);
        }
    }

    /** A finding the stack accepts: which rule, where (decided on the template), and why. */
    record Suppression(String rule, String where, String reason, Applies applies) {
    }

    /** Whether a suppression covers a finding of this stack's template. */
    interface Applies {
        boolean test(Finding finding, Template template, DdbSyncStack stack);
    }

    /**
     * Every cfn-lint finding ddbsync accepts, rule by rule, each with its reason; anything else fails the
     * build. Each one names the resources it applies to by what they are, not by a generated logical id.
     */
    static final List<Suppression> SUPPRESSIONS = List.of(
            new Suppression("I1022", "any string built from tokens",
                    "Prefer Fn::Sub over Fn::Join with an empty delimiter: CDK renders every string that "
                            + "concatenates tokens (ARNs, URLs, policy documents) as Fn::Join; the template is "
                            + "generated and never edited by hand, so Fn::Sub would buy no readability",
                    (f, template, stack) -> true),
            new Suppression("W3005", "a Lambda function's DependsOn its own execution role",
                    "CDK's Function lists its role in DependsOn beside the role's default policy; the GetAtt of "
                            + "the role already orders them, so the entry is redundant and harmless (the policy "
                            + "entry is the one that matters)",
                    (f, template, stack) -> f.message().endsWith("at 'Resources/" + f.resource() + "/Properties/Role'")
                            && "AWS::Lambda::Function".equals(TemplateSupport.typeOf(template, f.resource()))),
            new Suppression("I2530", "the tombstone purge function",
                    "SnapStart would apply only to a published version the daily schedule would have to invoke; "
                            + "a function that runs once a day for minutes pays one cold start a day",
                    (f, template, stack) -> isFunctionWithHandler(template, f.resource(), Worker.PURGE_HANDLER)),
            new Suppression("I2530", "every function, with snapStart=false",
                    "SnapStart is off because the operator set the context key snapStart=false",
                    (f, template, stack) -> !stack.settings().tuning().snapStart()
                            && "AWS::Lambda::Function".equals(TemplateSupport.typeOf(template, f.resource()))));

    /** Runs cfn-lint on the stack's template and fails on any finding no suppression accepts. */
    static void assertNoUnsuppressedFinding(DdbSyncStack stack, Template template, String name) {
        List<Finding> findings = run(template, name);
        List<Finding> left = findings.stream()
                .filter(f -> SUPPRESSIONS.stream()
                        .noneMatch(s -> s.rule().equals(f.rule()) && s.applies().test(f, template, stack)))
                .toList();
        assertThat(left).as("cfn-lint findings on %s without a suppression (CfnLint.SUPPRESSIONS)", name).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static boolean isFunctionWithHandler(Template template, String logicalId, String handler) {
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        Object resource = resources.get(logicalId);
        return resource instanceof Map<?, ?> r && "AWS::Lambda::Function".equals(r.get("Type"))
                && r.get("Properties") instanceof Map<?, ?> p && handler.equals(p.get("Handler"));
    }
}
