package io.streamcast.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every service process a test started, so that a failing test leaves none running: close it in {@code @AfterEach}. */
public final class ServiceProcesses implements AutoCloseable {
    private final List<ServiceProcess> started = new ArrayList<>();

    /** {@code streamcast run --config config --topologies topologies --http-port 0}, its output appended to {@code log}. */
    public ServiceProcess start(String name, Path config, Path topologies, Path log) throws IOException {
        ServiceProcess process = ServiceProcess.start(name, config, topologies, log);
        started.add(process);
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess p : started) {
            p.killIfAlive();
        }
    }
}
