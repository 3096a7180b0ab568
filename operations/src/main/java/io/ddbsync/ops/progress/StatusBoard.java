package io.ddbsync.ops.progress;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints a block of status lines. On a terminal the block is redrawn in place (ANSI cursor-up and
 * clear-line); otherwise (a pipe, a log file, CI) a block is printed at most every
 * {@code plainEveryMillis}, and always on {@link #finish}.
 */
public final class StatusBoard {

    private final PrintWriter out;
    private final boolean ansi;
    private final long plainEveryMillis;
    private int drawnLines;
    private long lastPlain;

    /**
     * @param out              where the block goes (a command's error writer for progress, its output writer for a status)
     * @param ansi             redraw in place with ANSI escapes (a terminal), else print a block now and then
     * @param plainEveryMillis without ANSI, a block at most this often (ms)
     */
    public StatusBoard(PrintWriter out, boolean ansi, long plainEveryMillis) {
        this.out = out;
        this.ansi = ansi;
        this.plainEveryMillis = plainEveryMillis;
    }

    /**
     * On {@code out}, redrawn in place when the process runs on a terminal. Java cannot tell whether a given stream is a
     * terminal; a console (stdin and stdout on a terminal) with TERM not "dumb" stands for it.
     */
    public static StatusBoard on(PrintWriter out) {
        return new StatusBoard(out, terminal(), 10_000);
    }

    public static boolean terminal() {
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
