package io.streamcast.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
     * Separates the cells of a mixed stack in its name, bottom layer first: {@code gru-lstm}. Not
     * {@code +}: the name is a metrics tag value too, and those are codes of {@code [A-Za-z0-9_.-]}.
     */
    public static final String STACK_SEPARATOR = "-";

    /** The spelling used in topology files: {@code gru}, {@code lstm}, {@code rnn}. */
    public String contractName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The name of a stack of cells, bottom layer first: the cell alone when every layer has the same
     * one ({@code gru}), else the cells joined with {@code -} ({@code gru-lstm}). Forecasts name the
     * network that served them so.
     */
    public static String stackName(List<Cell> cells) {
        if (cells.stream().distinct().count() == 1) {
            return cells.get(0).contractName();
        }
        return String.join(
                STACK_SEPARATOR, cells.stream().map(Cell::contractName).toList());
    }

    /**
     * Reads a stack's name: one cell ({@code gru}) or cells joined with {@code -} ({@code gru-lstm}).
     *
     * @throws IllegalArgumentException naming the allowed values when a part is no cell
     */
    public static List<Cell> parseStack(String text) {
        List<Cell> cells = new ArrayList<>();
        for (String part : (text == null ? "" : text).split(STACK_SEPARATOR, -1)) {
            cells.add(parse(part));
        }
        return List.copyOf(cells);
    }

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
