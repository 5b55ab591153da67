package io.streamcast.bench;

import java.util.Map;

/**
 * A phase's figures as the bench's JSON names them: the service's own meters (inference batches,
 * training steps and waits, forecasts by model) and the process's (CPU by kind of thread, their
 * waits for a core, allocation, heap, collections, the whole machine's CPU) over the phase.
 */
final class PhaseFigures {
    private PhaseFigures() {}

    static void putMeters(Map<String, Object> out, MeterReadings m, double seconds) {
        out.put("inferenceCalls", m.inferenceCalls());
        out.put("meanInferenceBatch", m.meanBatch());
        out.put("inferenceMsPerCall", m.millisPerCall());
        out.put("inferenceUsPerWindow", m.microsPerWindow());
        out.put("trainingSteps", m.trainingSteps());
        out.put("trainingStepsPerSecond", m.trainingSteps() / seconds);
        out.put("trainingPausedSeconds", m.trainingPausedSeconds());
        out.put("trainingYieldedSeconds", m.trainingYieldedSeconds());
        out.put("trainingThreadWaitSeconds", m.trainingThreadWaitSeconds());
        out.put("trainingExamplesDropped", m.examplesDropped());
        out.put("trainingExamplesThinned", m.examplesThinned());
        out.put("emittedByModel", m.emittedByModel());
    }

    /** The stream threads' share of a by-thread figure per record; NaN without one or without records. */
    private static double streamThreadsPerRecord(Map<String, Double> byThreadGroup, long units) {
        Double total = byThreadGroup.get("stream threads");
        return total == null || units == 0 ? Double.NaN : total / units;
    }

    static void putProcess(Map<String, Object> out, ProcessStats.Sampler s, long units) {
        double cpu = s.cpuSeconds();
        out.put("cpuSeconds", cpu);
        out.put("cpuCores", cpu / s.wallSeconds());
        out.put("cpuMsPerRecord", units == 0 ? Double.NaN : cpu * 1000 / units);
        out.put("heapPeakMB", StreamingBench.mb(s.peakHeapBytes()));
        out.put("rssPeakMB", StreamingBench.mb(s.peakResidentBytes()));
        Map<String, Double> cpuByThreads = s.cpuByThreadGroup();
        out.put("cpuSecondsByThreads", cpuByThreads);
        // What a per-record change is ranked by: the stream threads' own time, which neither the
        // broker's nor the trainers' share of the machine enters (the latency and the ratio do).
        out.put("streamThreadCpuMicrosPerRecord", streamThreadsPerRecord(cpuByThreads, units) * 1e6);
        out.put("runQueueWaitSecondsByThreads", s.runQueueWaitByThreadGroup());
        Map<String, Double> allocated = s.allocatedBytesByThreadGroup();
        out.put("allocatedBytesByThreads", allocated);
        out.put("streamThreadAllocatedBytesPerRecord", streamThreadsPerRecord(allocated, units));
        out.put("jitCompileSeconds", s.compileSeconds());
        MachineCpu.Summary machine = s.machineCpu();
        out.put("machineCpuCores", machine.busyCores());
        out.put("machineStealCores", machine.stealCores());
        out.put("cpuPressureSeconds", machine.pressureSeconds());
        GcPauses.Summary gc = s.gcPauses();
        if (gc.available()) {
            out.put("gcPauses", gc.count());
            out.put("gcPauseMillis", gc.totalMillis());
            out.put("gcLongestPauseMillis", gc.longestMillis());
        }
    }
}
