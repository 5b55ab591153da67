package io.streamcast.model;

import java.io.PrintStream;

/**
 * Drops the line SameDiff 1.0.0-M2.1 prints to {@code System.out} for every op of every gradient
 * graph it builds ({@code "Added differentiated op add_17"}): over a thousand lines for one
 * two-layer GRU over 48 steps, on the console that shows forecasts. Every other line, and
 * everything written as bytes (loggers), passes through unchanged.
 */
final class SameDiffConsoleFilter extends PrintStream {

    private static final String CHATTER = "Added differentiated op ";

    private SameDiffConsoleFilter(PrintStream console) {
        super(console, true);
    }

    /** Wraps the current {@code System.out} unless it is wrapped already. */
    static synchronized void install() {
        if (!(System.out instanceof SameDiffConsoleFilter)) {
            System.setOut(new SameDiffConsoleFilter(System.out));
        }
    }

    @Override
    public void println(String line) {
        if (line != null && line.startsWith(CHATTER)) {
            return;
        }
        super.println(line);
    }
}
