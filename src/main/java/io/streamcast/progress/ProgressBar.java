package io.streamcast.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Console progress for long work (training, backtest replay, demo replay). On a terminal it keeps
 * one line up to date with percent, rate and ETA; elsewhere (CI logs, pipes) it prints a line at
 * every 10% so logs stay short. Safe to call from several threads.
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar("replay", rows.size(), System.err);
 * for (...) { ...; bar.step(1); }
 * bar.done();
 * }</pre>
 */
public final class ProgressBar {
    /** Redraws of the terminal line are spaced out so printing never costs more than the work. */
    private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();

    private static final int LOG_STEPS = 10;

    private final String label;
    /** What is counted, plural ("epochs"); null: the lines say "done". */
    private final String unit;

    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long count;
    private long lastDrawNanos;
    private int lastLoggedTenth;
    private boolean finished;

    /**
     * @param total units of work expected; 0 or less when unknown (then no percent or ETA is shown)
     */
    public ProgressBar(String label, long total, PrintStream out) {
        this(label, null, total, out);
    }

    /**
     * A bar that names what it counts, so its last line reads "warm start x: 3 epochs of 150 in
     * 18s" instead of "3 done in 18s".
     *
     * @param unit what is counted, plural ("epochs", "records"); a count of one drops the final s
     */
    public ProgressBar(String label, String unit, long total, PrintStream out) {
        this(label, unit, total, out, System.console() != null, System::nanoTime);
    }

    /** For tests: choose the output mode and the clock. */
    ProgressBar(String label, long total, PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this(label, null, total, out, terminal, nanoTime);
    }

    /** For tests: choose the output mode and the clock. */
    ProgressBar(String label, String unit, long total, PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastDrawNanos = startNanos - REDRAW_NANOS;
    }

    /** Records {@code n} more units of finished work. */
    public synchronized void step(long n) {
        if (finished) {
            return;
        }
        count += n;
        long now = nanoTime.getAsLong();
        if (terminal) {
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                out.print('\r' + line(now));
                out.flush();
            }
        } else if (total > 0) {
            int tenth = (int) Math.min(LOG_STEPS, count * LOG_STEPS / total);
            // Only reached tenths below 100% are logged here; done() prints the final line.
            if (tenth > lastLoggedTenth && tenth < LOG_STEPS) {
                lastLoggedTenth = tenth;
                out.println(line(now));
            }
        }
    }

    /** Prints the final line (count, elapsed time, rate); later calls do nothing. */
    public synchronized void done() {
        if (finished) {
            return;
        }
        finished = true;
        long now = nanoTime.getAsLong();
        double seconds = (now - startNanos) / 1e9;
        String line = String.format(
                Locale.ROOT, "%s: %s in %s (%s/s)", label, counted(), duration(seconds), rate(count, seconds));
        if (terminal) {
            // Pad so a longer previous line does not leave characters behind.
            out.print('\r' + line + "          " + System.lineSeparator());
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** "3 done", or with a unit "1 epoch", "150 epochs", "3 epochs of 150" (work that stopped short of its total). */
    private String counted() {
        if (unit == null) {
            return count + " done";
        }
        String noun = count == 1 && unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        return count + " " + noun + (total > 0 && count < total ? " of " + total : "");
    }

    private String line(long now) {
        double seconds = (now - startNanos) / 1e9;
        StringBuilder line = new StringBuilder(label).append(": ");
        if (total > 0) {
            double fraction = Math.min(1.0, (double) count / total);
            line.append(String.format(Locale.ROOT, "%3.0f%% %d/%d", 100 * fraction, count, total));
            if (unit != null) {
                line.append(' ').append(unit);
            }
        } else {
            line.append(count);
        }
        line.append(", ").append(rate(count, seconds)).append("/s");
        if (total > 0 && count > 0 && count < total) {
            double eta = seconds * (total - count) / count;
            line.append(", ETA ").append(duration(eta));
        }
        return line.toString();
    }

    private static String rate(long count, double seconds) {
        if (seconds <= 0) {
            return "-";
        }
        double rate = count / seconds;
        return rate >= 100 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.1f", rate);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
