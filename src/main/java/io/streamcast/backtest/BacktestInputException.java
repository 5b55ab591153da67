package io.streamcast.backtest;

/**
 * A backtest input file that cannot be used. The message is one line that names the file and,
 * where there is one, the line ({@code data.csv:17: bad value 'abc'}), so the CLI can print it
 * as is and exit with status 2.
 */
public class BacktestInputException extends RuntimeException {
    /** Never serialized; declared because Throwable is Serializable and -Xlint:serial asks. */
    private static final long serialVersionUID = 1L;

    public BacktestInputException(String message) {
        super(message);
    }

    public BacktestInputException(String message, Throwable cause) {
        super(message, cause);
    }

    static BacktestInputException at(Object file, int line, String problem) {
        return new BacktestInputException(file + ":" + line + ": " + problem);
    }
}
