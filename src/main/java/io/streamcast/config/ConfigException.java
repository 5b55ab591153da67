package io.streamcast.config;

/** A configuration or input file is wrong; the message is one line a user can act on. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
