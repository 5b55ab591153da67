package io.streamcast.config;

/** A configuration or input file is wrong; the message is one line a user can act on. */
public class ConfigException extends RuntimeException {
    /** Never serialized; declared because Throwable is Serializable and -Xlint:serial asks. */
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
