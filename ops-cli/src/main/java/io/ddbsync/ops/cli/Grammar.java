package io.ddbsync.ops.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The rules every {@code ddbsync} command follows, applied once to the whole command tree: the one
 * error report ({@link ErrorReporter}), the exit-code section of {@code --help} ({@link ExitCodes}),
 * and the old option names kept as hidden aliases for one release ({@link #OLD_NAMES}).
 */
public final class Grammar {

    /**
     * An option name of the previous release and the name that replaced it, in one command.
     *
     * @param plainUnit for an old option that took a plain number where the new one takes a duration: the unit of that
     *                  number ({@code s}, {@code ms}, …), so {@code --hold-seconds 30} still means 30 s; empty otherwise
     */
    public record OldName(String command, String oldName, String newName, String plainUnit) {

        public OldName(String command, String oldName, String newName) {
            this(command, oldName, newName, "");
        }
    }

    /** Old spellings still accepted (hidden from --help and the docs, with a warning); remove in the next release. */
    public static final List<OldName> OLD_NAMES = List.of(
            new OldName("ddbsync backfill", "--queue-url", "--change-queue-url"),
            new OldName("ddbsync backfill", "--endpoint-url", "--dynamodb-endpoint-url"),
            new OldName("ddbsync dlq peek", "--queue-url", "--dlq-url"),
            new OldName("ddbsync replay-stream-failures", "--failure-queue-url", "--stream-failure-queue-url"),
            new OldName("ddbsync dlq peek", "--hold-seconds", "--hold", "s"));

    private Grammar() {
    }

    /** Applies the rules to {@code top} and every subcommand below it; returns {@code top}. */
    public static CommandLine apply(CommandLine top) {
        ErrorReporter reporter = new ErrorReporter();
        // an argument starting with @ is a value (--shaping @FILE), never picocli's argument file
        top.setExpandAtFiles(false);
        top.setExecutionExceptionHandler(reporter);
        top.setParameterExceptionHandler(reporter);
        top.setExecutionStrategy(parsed -> {
            refuseUnknownWithHelp(parsed);
            warnOldNames(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        for (CommandLine c : tree(top)) {
            c.getCommandSpec().usageMessage().exitCodeListHeading(ExitCodes.HEADING).exitCodeList(ExitCodes.HELP);
        }
        for (OldName n : OLD_NAMES) {
            addAlias(find(top, n.command()), n);
        }
        return top;
    }

    /** {@code top} and all its subcommands, depth first. */
    public static List<CommandLine> tree(CommandLine top) {
        List<CommandLine> all = new ArrayList<>();
        all.add(top);
        for (CommandLine sub : top.getSubcommands().values()) {
            if (sub.getParent() == top) { // skip alias entries of the same subcommand
                for (CommandLine c : tree(sub)) {
                    if (!all.contains(c)) {
                        all.add(c);
                    }
                }
            }
        }
        return all;
    }

    /** The inherited {@code --verbose} option, given on this command or a parent (false when absent). */
    public static boolean verbose(CommandSpec spec) {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            OptionSpec option = s.findOption("--verbose");
            if (option != null && Boolean.TRUE.equals(option.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static CommandLine find(CommandLine top, String qualifiedName) {
        return tree(top).stream().filter(c -> c.getCommandSpec().qualifiedName().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no command " + qualifiedName + " for an old option name"));
    }

    /** A hidden option {@code oldName} that sets what {@code newName} sets. */
    private static void addAlias(CommandLine cmd, OldName n) {
        OptionSpec current = cmd.getCommandSpec().findOption(n.newName());
        if (current == null) {
            throw new IllegalStateException(n.command() + " has no option " + n.newName() + " for the old name " + n.oldName());
        }
        if (current.required()) { // picocli would refuse the old name alone: check it in the command instead
            throw new IllegalStateException(n.command() + " " + n.newName() + " has an old name, so it cannot be a required option");
        }
        cmd.getCommandSpec().addOption(OptionSpec.builder(n.oldName())
                .hidden(true)
                .description("Old name of " + n.newName() + ".")
                .paramLabel(current.paramLabel())
                .arity(current.arity().toString())
                .type(current.type())
                .auxiliaryTypes(current.auxiliaryTypes())
                .converters(n.plainUnit().isEmpty() ? current.converters()
                        : new CommandLine.ITypeConverter<?>[] {value -> DurationConverter.parse(
                                value.strip().matches("\\d+") ? value.strip() + n.plainUnit() : value)})
                .hasInitialValue(false)
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) throws Exception {
                        return current.setter().set(value);
                    }
                })
                .build());
    }

    /**
     * {@code ddbsync <typo> --help}: picocli prints the top command's usage for the help option and ignores the word it
     * could not match, so a mistyped command looked like success. Unmatched words are a usage error, help or not.
     */
    private static void refuseUnknownWithHelp(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
    }

    private static void warnOldNames(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            CommandSpec spec = p.commandSpec();
            for (OldName n : OLD_NAMES) {
                if (n.command().equals(spec.qualifiedName()) && p.hasMatchedOption(n.oldName())) {
                    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + n.oldName() + " is the old name of "
                            + n.newName() + " and goes away in the next release");
                    spec.commandLine().getErr().flush();
                }
            }
        }
    }
}
