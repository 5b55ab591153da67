package io.streamcast.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps the global {@link StoreNames#COMMANDS} store equal to the commands topic: the newest command per key, tombstones delete.
 * The store is declared here, by {@link #store()}, and not from a supplier's {@code stores()}:
 * {@code StreamsBuilder#addGlobalStore} takes a global store's builder as an argument of its own.
 */
final class CommandStoreUpdater implements Processor<String, String, Void, Void> {
    /** In memory, no changelog: the compacted commands topic is what it is restored from. */
    static StoreBuilder<KeyValueStore<String, String>> store() {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.COMMANDS), Serdes.String(), Serdes.String())
                .withLoggingDisabled();
    }

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
