package io.streamcast.service;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Tells the cluster's "no" (wrong credentials, missing ACLs) from its silence: the first is the
 * environment's to fix and worth one clear line at once, the second worth waiting out. One
 * definition for the broker probe and the command line.
 */
public final class KafkaRefusals {
    private KafkaRefusals() {}

    /** The authentication or authorization failure among {@code e} and its causes, or null. */
    public static KafkaException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return (KafkaException) t;
            }
        }
        return null;
    }
}
