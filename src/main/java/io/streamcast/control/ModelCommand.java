package io.streamcast.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;

/**
 * An operator's command to every task of a topology, as written to the topology's commands topic
 * ({@link ControlTopics#commands}): {@code {"command":"rollback","version":3,"id":"<uuid>"}}. The id
 * lets each task apply a command exactly once, however often it reads it back.
 */
public record ModelCommand(String command, long version, String id) {
    public static final String ROLLBACK = "rollback";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ModelCommand rollback(long version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be a positive integer, not " + version);
        }
        return new ModelCommand(ROLLBACK, version, UUID.randomUUID().toString());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not a command this version understands */
    public static ModelCommand fromJson(String json) {
        ModelCommand c;
        try {
            c = JSON.readValue(json, ModelCommand.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a model command: " + e.getOriginalMessage(), e);
        }
        if (!ROLLBACK.equals(c.command()) || c.id() == null || c.id().isBlank() || c.version() < 1) {
            throw new IllegalArgumentException("not a model command this version understands: " + json);
        }
        return c;
    }
}
