package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ServiceConfig;
import io.streamcast.control.ModelCommand;
import io.streamcast.metrics.MetricsRegistries;
import org.junit.jupiter.api.Test;

/** What the service answers before its topologies exist: HTTP is up from the first moment. */
class StreamcastServiceTest {
    @Test
    void aCommandBeforeTheTopologiesHaveStartedIsRefusedAsStartingNotAsAnUnknownTopology() {
        try (StreamcastService service = new StreamcastService(new ServiceConfig(), MetricsRegistries.prometheus())) {
            // IllegalStateException is the REST endpoints' 503 (retry later); "no topology named" would be a 404.
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> service.send("hourly-temps", ModelCommand.rollback(1)));
            assertTrue(refused.getMessage().contains("still starting"), refused.getMessage());
            assertThrows(IllegalStateException.class, () -> service.resume("hourly-temps"));
        }
    }
}
