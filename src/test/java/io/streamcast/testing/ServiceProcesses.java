package io.streamcast.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every service process a test started, so that a failing test leaves none running: close it in {@code @AfterEach}. */
public final class ServiceProcesses implements AutoCloseable {
    private final List<ServiceProcess> started = new ArrayList<>();

    /**
     * {@code streamcast run --config config --topologies topologies --http-port 0}, its output
     * appended to {@code log}. Processes that run at the same time need logs of their own: what
     * one process says (its port) is read from where its output starts.
     */
    public ServiceProcess start(String name, Path config, Path topologies, Path log) throws IOException {
        ServiceProcess process = ServiceProcess.start(name, config, topologies, log);
        started.add(process);
        return process;
    }

    @Override
    public void close() {
        try {
            for (ServiceProcess p : started) {
                p.killIfAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
