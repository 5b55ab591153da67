package io.streamcast.topology;

/**
 * The correction gate's decision for a task, as an operator reads it (GET /models): read from the
 * gate's state in the task's model store, which the task saves whenever the comparison moves, so
 * nothing is written for it twice.
 *
 * @param networkServes whether the network's correction serves (else the smoothing base)
 * @param networkError  the gate's running mean absolute error of the network's forecasts, in units of each
 *                      series' scale; NaN before the first scored point
 * @param baseError     the same for the base's forecasts on the same points
 */
public record CorrectionStatus(boolean networkServes, double networkError, double baseError) {
    /** The status in a saved gate state ({@code ModelStore.GATE}), or null for none or a format without it. */
    public static CorrectionStatus of(byte[] gateState) {
        return CorrectionGate.status(gateState);
    }
}
