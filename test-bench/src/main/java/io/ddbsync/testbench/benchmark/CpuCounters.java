package io.ddbsync.testbench.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operating system's and the JVM's CPU counters, in nanoseconds of CPU (user + system).
 *
 * <ul>
 *   <li>a process and its descendants: {@code utime + stime} of {@code /proc/<pid>/stat} (fields 14 and 15, in clock
 *       ticks; proc(5)), divided by {@code getconf CLK_TCK}. Linux only: elsewhere {@link #linux()} fails with a
 *       {@link BenchmarkException} that says so.</li>
 *   <li>this JVM's threads: {@link ThreadMXBean#getThreadCpuTime(long)} (user + system) of each live thread.</li>
 * </ul>
 */
final class CpuCounters {

    private static final Path PROC = Path.of("/proc");

    private final long ticksPerSecond;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private CpuCounters(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Counters of this Linux machine.
     *
     * @throws BenchmarkException when there is no {@code /proc/self/stat} (not Linux), {@code getconf CLK_TCK} fails,
     *                            or the JVM cannot measure thread CPU time
     */
    static CpuCounters linux() {
        if (!Files.isReadable(PROC.resolve("self").resolve("stat"))) {
            throw new BenchmarkException("the CPU counters of ddbsync bench read Linux's /proc/<pid>/stat; this system ("
                    + System.getProperty("os.name") + ") has no /proc/self/stat");
        }
        CpuCounters counters = new CpuCounters(clockTicks());
        if (!counters.threads.isThreadCpuTimeSupported()) {
            throw new BenchmarkException("this JVM cannot measure thread CPU time (ThreadMXBean.isThreadCpuTimeSupported)");
        }
        counters.threads.setThreadCpuTimeEnabled(true);
        return counters;
    }

    /** {@code getconf CLK_TCK}: the unit of {@code /proc/<pid>/stat}'s times (100 on common Linux builds). */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BenchmarkException("getconf CLK_TCK failed: " + out);
            }
            long ticks = Long.parseLong(out);
            if (ticks <= 0) {
                throw new BenchmarkException("getconf CLK_TCK answered " + ticks);
            }
            return ticks;
        } catch (IOException | NumberFormatException e) {
            throw new BenchmarkException("cannot read the clock tick rate (getconf CLK_TCK)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while running getconf CLK_TCK", e);
        }
    }

    /**
     * CPU nanoseconds of process {@code pid} and its live descendants so far; a process that is gone counts 0.
     *
     * @throws BenchmarkException when a stat file cannot be read or parsed
     */
    long processTree(long pid) {
        long total = process(pid);
        total += ProcessHandle.of(pid).map(h -> h.descendants().mapToLong(d -> process(d.pid())).sum()).orElse(0L);
        return total;
    }

    /** CPU nanoseconds of this JVM so far. */
    long self() {
        return process(ProcessHandle.current().pid());
    }

    private long process(long pid) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new BenchmarkException("cannot read /proc/" + pid + "/stat", e);
        }
        return parseStat(pid, stat) * 1_000_000_000L / ticksPerSecond;
    }

    /** utime + stime in clock ticks from one {@code /proc/<pid>/stat} line (the command, field 2, may hold spaces). */
    static long parseStat(long pid, String stat) {
        int close = stat.lastIndexOf(')');
        String[] fields = close < 0 ? new String[0] : stat.substring(close + 2).split(" ");
        if (fields.length < 13) {
            throw new BenchmarkException("unexpected /proc/" + pid + "/stat: " + stat.substring(0, Math.min(120, stat.length())));
        }
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Each live thread's id → its name and CPU nanoseconds so far (threads that end meanwhile are left out). */
    Map<Long, ThreadCpu> threads() {
        Map<Long, ThreadCpu> out = new HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                out.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), cpu));
            }
        }
        return out;
    }

    /**
     * This JVM's own threads that are not Java threads (HotSpot's JIT compilers and garbage collector threads), by their
     * task id: {@code /proc/self/task/<tid>/stat}, whose command field holds the thread's name as the kernel keeps it (15
     * characters: {@code C2 CompilerThre}, {@code GC Thread#0}, {@code G1 Conc#0}, {@code VM Thread}).
     */
    Map<Long, ThreadCpu> jvmInternalThreads() {
        Map<Long, ThreadCpu> out = new HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(PROC.resolve("self").resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = open < 0 || close < open ? "" : stat.substring(open + 1, close);
                if (isJitOrGc(name)) {
                    long tid = Long.parseLong(task.getFileName().toString());
                    out.put(tid, new ThreadCpu(name, parseStat(tid, stat) * 1_000_000_000L / ticksPerSecond));
                }
            }
        } catch (IOException e) {
            throw new BenchmarkException("cannot list /proc/self/task", e);
        }
        return out;
    }

    /** HotSpot's compiler and collector threads, by the names the kernel keeps (15 characters). */
    static boolean isJitOrGc(String name) {
        return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") || name.startsWith("GC Thread")
                || name.startsWith("G1 ") || name.startsWith("VM Thread") || name.startsWith("VM Periodic");
    }

    /** CPU nanoseconds of the current thread so far. */
    long currentThread() {
        return threads.getCurrentThreadCpuTime();
    }

    /** A thread's name and CPU nanoseconds at one reading. */
    record ThreadCpu(String name, long nanos) {
    }
}
