package io.ddbsync.ops.progress;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints a block of status lines. On a terminal the block is redrawn in place (ANSI cursor-up and
 * clear-line); otherwise (a pipe, a log file, CI) a block is printed at most every
 * {@code plainEveryMillis}, and always on {@link #finish}.
 */
public final class StatusBoard {

    private final PrintStream out;
    private final boolean ansi;
    private final long plainEveryMillis;
    private int drawnLines;
    private long lastPlain;

    public StatusBoard(PrintStream out, boolean ansi, long plainEveryMillis) {
        this.out = out;
        this.ansi = ansi;
        this.plainEveryMillis = plainEveryMillis;
    }

    /** ANSI redraws when stdout is a terminal and TERM is not "dumb". */
    public static StatusBoard forStdout() {
        return new StatusBoard(System.out, terminal(), 10_000);
    }

    /**
     * For progress beside a command's result: on stderr, so stdout keeps only the result. Java cannot
     * tell whether stderr itself is a terminal; a console (stdin and stdout on a terminal) stands for it.
     */
    public static StatusBoard forStderr() {
        return new StatusBoard(System.err, terminal(), 10_000);
    }

    private static boolean terminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    public boolean ansi() {
        return ansi;
    }

    public synchronized void show(List<String> lines) {
        draw(lines, false);
    }

    public synchronized void finish(List<String> lines) {
        draw(lines, true);
        drawnLines = 0;
    }

    /** Prints a line above the block (the block is redrawn at the next {@link #show}). */
    public synchronized void message(String line) {
        if (ansi && drawnLines > 0) {
            out.print("\033[" + drawnLines + "F\033[J");
            drawnLines = 0;
        }
        out.println(line);
        out.flush();
    }

    private void draw(List<String> lines, boolean force) {
        if (ansi) {
            StringBuilder sb = new StringBuilder();
            if (drawnLines > 0) {
                sb.append("\033[").append(drawnLines).append('F');
            }
            for (String l : lines) {
                sb.append("\033[2K").append(l).append('\n');
            }
            sb.append("\033[J");
            out.print(sb);
            out.flush();
            drawnLines = lines.size();
            return;
        }
        long now = System.currentTimeMillis();
        if (!force && now - lastPlain < plainEveryMillis) {
            return;
        }
        lastPlain = now;
        lines.forEach(out::println);
        out.println();
        out.flush();
    }
}
