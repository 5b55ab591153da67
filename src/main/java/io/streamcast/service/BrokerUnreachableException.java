package io.streamcast.service;

/** The Kafka cluster did not answer within the configured time: one line for the user, exit status 2. */
public final class BrokerUnreachableException extends RuntimeException {
    /** Never serialized; declared because Throwable is Serializable and -Xlint:serial asks. */
    private static final long serialVersionUID = 1L;

    public BrokerUnreachableException(String message) {
        super(message);
    }
}
