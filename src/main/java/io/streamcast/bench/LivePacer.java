package io.streamcast.bench;

import io.streamcast.service.DeliveryCheck;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Live feed at a target rate: the next step of every series, one series after another, each
 * record sent at its own moment ({@code start + i / rate}), so load arrives evenly rather than in
 * one burst per time step. Record timestamps are the producer's send time, which the forecast
 * carries; latency is measured from them. Same producer settings as the replayer (linger 5 ms).
 * A record the producer gives up on ends the run in one line: a latency measured over a feed with
 * holes would look better than the service is.
 */
public final class LivePacer {
    private LivePacer() {}

    /**
     * Sends observations of step {@code firstStep} onwards of every series, for {@code seconds} at
     * {@code rate} records per second. Returns the records sent, all delivered.
     *
     * @throws DeliveryCheck.UndeliveredRecordsException if any record was not delivered
     */
    public static long run(
            String bootstrapServers, String topic, SyntheticSeries series, int firstStep, double rate, double seconds) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long total = Math.max(1, Math.round(rate * seconds));
        long start = System.nanoTime();
        DeliveryCheck delivery = new DeliveryCheck();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (long i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int k = (int) (i % series.count());
                int step = firstStep + (int) (i / series.count());
                producer.send(new ProducerRecord<>(topic, series.key(k), series.json(k, step)), delivery);
            }
        } // close() waits for every record sent: the check below sees them all
        delivery.throwIfAnyFailed("of the live feed to " + topic);
        return total;
    }
}
