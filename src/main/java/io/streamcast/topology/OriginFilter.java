package io.streamcast.topology;

import java.time.Instant;

/** Which accepted observations are forecast origins. Live: all of them; a backtest: only the holdout. */
@FunctionalInterface
public interface OriginFilter {
    OriginFilter ALL = (series, ts) -> true;

    boolean isOrigin(String series, Instant ts);
}
