package io.streamcast.http;

import io.streamcast.emit.Forecast;

/** The answer of one topology to "what is the latest forecast of this series?". */
sealed interface Lookup {
    record Found(Forecast forecast) implements Lookup {}

    /** The owner of the series' partition has no forecast for it. */
    record Missing() implements Lookup {}

    /** The store cannot answer right now (rebalancing, restoring, owner unreachable); worth a retry. */
    record Unavailable(String reason) implements Lookup {}

    Lookup MISSING = new Missing();
}
