package io.streamcast.service;

/** The Kafka cluster did not answer within the configured time: one line for the user, exit status 2. */
public final class BrokerUnreachableException extends RuntimeException {
    public BrokerUnreachableException(String message) {
        super(message);
    }
}
