package io.streamcast.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The recurrent cell a forecaster stacks; topology files name it as {@code model.cell}. */
public enum Cell {
    /** Gated recurrent unit, built as {@link GruLayer} because DL4J has no GRU layer. */
    GRU,
    /** DL4J's LSTM layer. */
    LSTM,
    /** DL4J's SimpleRnn layer: a plain tanh recurrent layer, mostly a baseline. */
    RNN;

    /**
     * Reads the spelling used in topology files ({@code gru}, {@code lstm}, {@code rnn}), ignoring case.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static Cell parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (Cell cell : values()) {
                if (cell.name().equals(wanted)) {
                    return cell;
                }
            }
        }
        throw new IllegalArgumentException("unknown cell '" + text + "', expected one of "
                + Arrays.stream(values())
                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }
}
