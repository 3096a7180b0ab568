package io.ddbsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.ops.cli.DurationConverter;
import io.ddbsync.ops.cli.ExitCodes;
import io.ddbsync.ops.cli.Grammar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One grammar for every command, checked on the real command tree's picocli model: the same name for
 * the same thing, declared once; one duration syntax; one exit-code section in every --help; old names
 * hidden; the docs use only the current names.
 */
class CommandGrammarTest {

    /**
     * The things several commands name, each with its one option name: an option whose description
     * starts like this names that thing and must carry that name, and every option of that name must
     * be the one declaration (a shared mixin field).
     */
    private static final Map<String, Pattern> CONCEPTS = new LinkedHashMap<>();

    static {
        CONCEPTS.put("--region", Pattern.compile("(?i)^AWS region"));
        CONCEPTS.put("--profile", Pattern.compile("(?i)^Named profile"));
        CONCEPTS.put("--dynamodb-endpoint-url", Pattern.compile("(?i)^DynamoDB( and DynamoDB Streams| Streams)? endpoint"));
        CONCEPTS.put("--sqs-endpoint-url", Pattern.compile("(?i)^SQS endpoint"));
        CONCEPTS.put("--opensearch-endpoint", Pattern.compile("(?i)^OpenSearch endpoint"));
        CONCEPTS.put("--opensearch-auth", Pattern.compile("(?i)^How to authenticate to OpenSearch"));
        CONCEPTS.put("--change-queue-url", Pattern.compile("(?i)^URL of the (SQS )?change queue"));
        CONCEPTS.put("--dlq-url", Pattern.compile("(?i)^URL of the dead-letter queue"));
        CONCEPTS.put("--stream-failure-queue-url", Pattern.compile("(?i)^URL of the stream-failure queue"));
        CONCEPTS.put("--max-message-bytes", Pattern.compile("(?i)^Largest (change |repair )?message"));
        CONCEPTS.put("--compression", Pattern.compile("(?i)(message bodies gzipped|COMPRESSION)"));
        CONCEPTS.put("--index", Pattern.compile("(?i)^The search alias"));
        CONCEPTS.put("--index-map", Pattern.compile("(?i)^The worker's INDEX_MAP"));
        CONCEPTS.put("--metadata-field", Pattern.compile("(?i)^The worker's METADATA_FIELD"));
        CONCEPTS.put("--ttl-deletes", Pattern.compile("(?i)^The worker's TTL_DELETES"));
    }

    /** Options every command has from picocli or the top command. */
    private static final Set<String> STANDARD = Set.of("--help", "--version", "--verbose");

    private static List<CommandLine> commands() {
        return Grammar.tree(Main.commandLine());
    }

    /** Every option of every command, by its longest name, with the command it is in. */
    private static Map<String, List<Map.Entry<CommandSpec, OptionSpec>>> optionsByName(boolean hidden) {
        Map<String, List<Map.Entry<CommandSpec, OptionSpec>>> byName = new TreeMap<>();
        for (CommandLine c : commands()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.hidden() == hidden && !STANDARD.contains(o.longestName())) {
                    byName.computeIfAbsent(o.longestName(), k -> new ArrayList<>()).add(Map.entry(c.getCommandSpec(), o));
                }
            }
        }
        return byName;
    }

    private static String description(OptionSpec o) {
        return String.join(" ", o.description());
    }

    private static String where(CommandSpec c, OptionSpec o) {
        Object user = o.userObject();
        String declared = user instanceof Member m ? m.getDeclaringClass().getSimpleName() + "." + m.getName() : String.valueOf(user);
        return c.qualifiedName() + " " + o.longestName() + " (" + declared + ")";
    }

    @Test
    void options_eachConcept_oneNameInEveryCommand() {
        List<String> wrong = new ArrayList<>();
        optionsByName(false).forEach((name, uses) -> uses.forEach(u -> CONCEPTS.forEach((concept, pattern) -> {
            if (pattern.matcher(description(u.getValue())).find() && !concept.equals(name)) {
                wrong.add(where(u.getKey(), u.getValue()) + " names what is " + concept + " elsewhere");
            }
        })));
        assertThat(wrong).isEmpty();
    }

    @Test
    void options_sharedConcepts_declaredOnce() {
        List<String> twice = new ArrayList<>();
        Map<String, List<Map.Entry<CommandSpec, OptionSpec>>> byName = optionsByName(false);
        for (String concept : CONCEPTS.keySet()) {
            List<Map.Entry<CommandSpec, OptionSpec>> uses = byName.getOrDefault(concept, List.of());
            assertThat(uses).as(concept + " is used by some command").isNotEmpty();
            Set<Object> declarations = uses.stream().map(u -> u.getValue().userObject()).collect(Collectors.toSet());
            if (declarations.size() > 1) {
                twice.add(concept + " declared " + declarations.size() + " times: "
                        + uses.stream().map(u -> where(u.getKey(), u.getValue())).toList());
            }
        }
        assertThat(twice).isEmpty();
    }

    @Test
    void options_sameName_sameTypeAndLabel() {
        List<String> different = new ArrayList<>();
        optionsByName(false).forEach((name, uses) -> {
            Set<String> shapes = uses.stream().map(u -> u.getValue().type().getSimpleName() + " " + u.getValue().paramLabel()
                    + " " + Arrays.stream(u.getValue().converters()).map(x -> x.getClass().getSimpleName()).toList())
                    .collect(Collectors.toSet());
            if (shapes.size() > 1) {
                different.add(name + ": " + shapes);
            }
        });
        assertThat(different).isEmpty();
    }

    @Test
    void options_durations_oneSyntax() {
        List<String> wrong = new ArrayList<>();
        optionsByName(false).forEach((name, uses) -> uses.forEach(u -> {
            OptionSpec o = u.getValue();
            // a time by its name (a timeout, a settle, a hold, a window, an age, a unit in the name) or by its type
            boolean looksLikeDuration = name.matches(".*(timeout|settle|hold|window|age|interval|delay|wait)")
                    || name.matches(".*-(seconds|secs|millis|ms|minutes|hours)") || o.type() == Duration.class;
            boolean oneSyntax = o.type() == Duration.class && o.converters().length == 1
                    && o.converters()[0] instanceof DurationConverter && DurationConverter.LABEL.equals(o.paramLabel());
            if (looksLikeDuration && !oneSyntax) {
                wrong.add(where(u.getKey(), o));
            }
        }));
        assertThat(wrong).isEmpty();
    }

    @Test
    void help_everyCommand_theOneExitCodeSection() {
        for (CommandLine c : commands()) {
            StringWriter out = new StringWriter();
            c.usage(new PrintWriter(out));
            String help = out.toString();
            assertThat(help).as(c.getCommandSpec().qualifiedName()).contains("Exit codes:");
            assertThat(c.getCommandSpec().usageMessage().exitCodeList()).as(c.getCommandSpec().qualifiedName())
                    .containsExactlyEntriesOf(exitCodeHelp());
        }
    }

    private static Map<String, String> exitCodeHelp() {
        CommandLine any = Main.commandLine();
        return any.getCommandSpec().usageMessage().exitCodeList();
    }

    @Test
    void help_exitCodeSection_namesEveryCode() {
        assertThat(exitCodeHelp().keySet()).containsExactly(Integer.toString(ExitCodes.OK), Integer.toString(ExitCodes.ATTENTION),
                Integer.toString(ExitCodes.USAGE), Integer.toString(ExitCodes.FAILED), Integer.toString(ExitCodes.CHANGING),
                Integer.toString(ExitCodes.INTERRUPTED));
    }

    @Test
    void oldNames_hiddenAliasesOfTheNewOnes_nowhereVisible() {
        Map<String, List<Map.Entry<CommandSpec, OptionSpec>>> visible = optionsByName(false);
        for (Grammar.OldName n : Grammar.OLD_NAMES) {
            CommandSpec cmd = commands().stream().map(CommandLine::getCommandSpec)
                    .filter(s -> s.qualifiedName().equals(n.command())).findFirst().orElseThrow();
            assertThat(cmd.findOption(n.oldName()).hidden()).as(n.toString()).isTrue();
            assertThat(cmd.findOption(n.newName()).hidden()).as(n.toString()).isFalse();
            assertThat(visible).as(n.oldName() + " is an old name").doesNotContainKey(n.oldName());
        }
    }

    @Test
    void docs_commandLines_useOnlyTheCurrentNames() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        List<Path> docs = List.of(module.resolve("OPERATIONS.md"), module.resolve("README.md"), module.getParent().resolve("README.md"));
        for (Path doc : docs) {
            // one logical line per command (continuation lines joined); a command line ends at a backtick or table bar
            String text = Files.readString(doc).replace("\\\n", " ");
            for (Grammar.OldName n : Grammar.OLD_NAMES) {
                assertThat(oldNameUse(n).matcher(text).find()).as(doc.getFileName() + " shows " + n.command() + " " + n.oldName())
                        .isFalse();
            }
            assertThat(text).as(doc.getFileName().toString()).doesNotContain("PT10M");
        }
    }

    @Test
    void docs_checkOfOldNames_findsAnOldName() {
        Grammar.OldName n = Grammar.OLD_NAMES.get(0);
        String line = "./" + n.command() + " --table Posts " + n.oldName() + " http://127.0.0.1:1/q";
        assertThat(oldNameUse(n).matcher(line).find()).isTrue();
        assertThat(oldNameUse(n).matcher("`" + n.command() + " --table T` and `" + n.oldName() + "`").find()).isFalse();
    }

    /** {@code ddbsync <command> … <old name>} within one command line (up to a backtick, a table bar or the line's end). */
    private static Pattern oldNameUse(Grammar.OldName n) {
        return Pattern.compile(Pattern.quote(n.command()) + "\\b[^`|\\n]*?" + Pattern.quote(n.oldName()) + "(?![\\w-])");
    }

    @Test
    void docs_operations_haveTheExitCodeTable() throws IOException {
        String operations = Files.readString(Path.of("OPERATIONS.md"));
        for (String code : exitCodeHelp().keySet()) {
            assertThat(operations).containsPattern("(?m)^\\| " + code + " \\|");
        }
    }
}
