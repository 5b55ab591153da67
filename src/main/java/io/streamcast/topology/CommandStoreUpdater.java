package io.streamcast.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global {@link StoreNames#COMMANDS} store equal to the commands topic: the newest command per key, tombstones delete. */
final class CommandStoreUpdater implements Processor<String, String, Void, Void> {
    private KeyValueStore<String, String> commands;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        commands = context.getStateStore(StoreNames.COMMANDS);
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.key() == null) {
            return; // nothing could look it up
        }
        if (record.value() == null) {
            commands.delete(record.key());
        } else {
            commands.put(record.key(), record.value());
        }
    }
}
