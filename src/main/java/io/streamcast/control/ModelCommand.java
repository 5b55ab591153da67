package io.streamcast.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;

/**
 * An operator's command to every task of a topology, as written to the topology's commands topic
 * ({@link ControlTopics#commands}):
 * <ul>
 * <li>{@code {"command":"rollback","version":3,"id":"<uuid>"}}: serve version 3 again and pin it
 *     (online learning goes on, but promotes nothing until a resume);</li>
 * <li>{@code {"command":"resume","id":"<uuid>"}}: lift the pin; promotion resumes.</li>
 * </ul>
 * The id lets each task apply a command exactly once, however often it reads it back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCommand(String command, Long version, String id) {
    public static final String ROLLBACK = "rollback";
    public static final String RESUME = "resume";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param version 0 (the untrained network a task started from, when it kept it) or a promoted version */
    public static ModelCommand rollback(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be a non-negative integer, not " + version);
        }
        return new ModelCommand(ROLLBACK, version, UUID.randomUUID().toString());
    }

    public static ModelCommand resume() {
        return new ModelCommand(RESUME, null, UUID.randomUUID().toString());
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
        boolean known =
                (ROLLBACK.equals(c.command()) && c.version() != null && c.version() >= 0) || RESUME.equals(c.command());
        if (!known || c.id() == null || c.id().isBlank()) {
            throw new IllegalArgumentException("not a model command this version understands: " + json);
        }
        return c;
    }
}
