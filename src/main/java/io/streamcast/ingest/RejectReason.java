package io.streamcast.ingest;

/**
 * Why a record went to the dead-letter topic. The name is the {@code streamcast.error} header and a
 * bounded metric tag; {@code streamcast.detail} carries the specifics.
 */
public enum RejectReason {
    /** The value is not parseable JSON, or not a JSON object. */
    NOT_JSON,
    /** Neither a record key nor a "series" field names the series. */
    MISSING_SERIES,
    /** No "value" field, or it is null. */
    MISSING_VALUE,
    /** "value" is not a number. */
    NON_NUMERIC_VALUE,
    /** "value" is NaN or infinite. */
    NOT_FINITE,
    /**
     * "value" is finite but its magnitude exceeds {@code validation.maxAbsValue}: sums and
     * differences of such values overflow to infinity, and one of them made every later forecast
     * of its series NaN (found by the fuzz test).
     */
    OUT_OF_RANGE,
    /** No "ts" field. */
    MISSING_TS,
    /** "ts" is neither ISO-8601 nor epoch milliseconds. */
    BAD_TS,
    /**
     * "ts" is older than the series' newest accepted observation by more than {@code lateness.grace}
     * (default: by anything), or lies before the history the series keeps: windows are kept in
     * time order, and only a step filled in for a missing observation takes a late one.
     */
    TOO_OLD,
    /**
     * "ts" equals the series' newest accepted observation, or (within {@code lateness.grace}) falls
     * on a step that already has a value, observed or taken late before.
     */
    DUPLICATE_TS,
    /**
     * "ts" lies further ahead of the service's clock than {@code validation.maxFutureSkew}: accepted,
     * it would make every later, correct observation of its series TOO_OLD (one bad clock would
     * silence a series for good).
     */
    FUTURE_TS,
    /**
     * "ts" falls on a day of the week the topology's step skips ({@code skipDays}, business-day
     * data): no step of the series' grid is there to take it.
     */
    SKIPPED_DAY,
    /**
     * "ts" falls outside the topology's {@code hours} (more than half a step before a day's first
     * step or after its last): no step of the series' grid is near it.
     */
    OUTSIDE_HOURS,
    /** The record key or value is larger than {@code validation.maxRecordBytes}. */
    OVERSIZED,
    /** "features" is present but not an object of numbers. */
    BAD_FEATURES,
    /**
     * With {@code partitionedBySeries}: the record's key is missing or not its series id, or the
     * record sits on another partition than the default partitioner puts that key on.
     */
    MISPARTITIONED
}
