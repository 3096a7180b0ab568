package io.ddbsync.ops.progress;

import java.time.Duration;

/** Text progress bars: {@code label [█████▌    ]  55%  358/650  120/s  ETA 0:02}. */
public final class Bars {

    private static final String[] PARTIAL = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    private Bars() {
    }

    /** A bar of {@code width} cells for done/total; total ≤ 0 means unknown (an empty bar). */
    public static String bar(long done, long total, int width) {
        if (total <= 0) {
            return "[" + " ".repeat(width) + "]";
        }
        double fraction = Math.max(0, Math.min(1, (double) done / total));
        int eighths = (int) Math.round(fraction * width * 8);
        int full = eighths / 8;
        String partial = full < width ? PARTIAL[eighths % 8] : "";
        String filled = "█".repeat(full) + partial;
        return "[" + filled + " ".repeat(width - full - (partial.isEmpty() ? 0 : 1)) + "]";
    }

    /** {@code label [bar] pct done/total rate/s ETA m:ss}; rate ≤ 0 gives no ETA. */
    public static String line(String label, long done, long total, double ratePerSecond, int width) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-14s ", label)).append(bar(done, total, width));
        if (total > 0) {
            sb.append(String.format(" %3d%%", Math.min(100, done * 100 / total)));
            sb.append(String.format(" %,8d/%,d", done, total));
        } else {
            sb.append(String.format("      %,8d", done));
        }
        if (ratePerSecond > 0) {
            sb.append(String.format("  %,.0f/s", ratePerSecond));
            if (total > done) {
                sb.append("  ETA ").append(clock(Duration.ofSeconds((long) Math.ceil((total - done) / ratePerSecond))));
            }
        }
        return sb.toString();
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
