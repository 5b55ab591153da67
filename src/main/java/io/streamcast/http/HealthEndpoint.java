package io.streamcast.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health} (liveness) and {@code GET /ready} (readiness): 200 while the condition holds,
 * else 503; either way the same body: the status, whether the service is ready, why not (one line
 * per problem), the broker as last probed and every topology's KafkaStreams state. Both go 503
 * while the broker is unreachable or a topology has stopped; only {@code /ready} also while
 * starting or rebalancing.
 */
final class HealthEndpoint extends Endpoint.Fixed {
    private final BooleanSupplier condition;
    private final String up;
    private final String down;
    private final ServiceView view;

    private HealthEndpoint(String path, BooleanSupplier condition, String up, String down, ServiceView view) {
        super(path);
        this.condition = condition;
        this.up = up;
        this.down = down;
        this.view = view;
    }

    static HealthEndpoint liveness(ServiceView view) {
        return new HealthEndpoint("/health", view::live, "UP", "DOWN", view);
    }

    static HealthEndpoint readiness(ServiceView view) {
        return new HealthEndpoint("/ready", view::ready, "READY", "NOT_READY", view);
    }

    @Override
    Reply answer(URI uri) {
        boolean ok = condition.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? up : down);
        body.put("ready", view.ready());
        body.put("problems", view.problems());
        Map<String, Object> broker = view.broker();
        if (broker != null) {
            body.put("broker", broker);
        }
        body.put("topologies", view.states());
        return Reply.json(ok ? 200 : 503, body);
    }
}
