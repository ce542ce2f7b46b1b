package io.reelport.common.jobs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the flat string fields of one Redis stream entry. Scalars are plain strings so
 * that entries stay readable with {@code redis-cli XRANGE}; nested values (probe metadata,
 * renditions) are JSON in one field. Every read failure is a {@link MessageFormatException} that
 * names the field.
 */
final class StreamFields {

    static final String VERSION = "v";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> fields;

    private StreamFields(Map<String, String> fields) {
        this.fields = fields;
    }

    static StreamFields writer(int version) {
        StreamFields writer = new StreamFields(new LinkedHashMap<>());
        writer.fields.put(VERSION, Integer.toString(version));
        return writer;
    }

    /** Checks the version first, so that a newer producer gets a clear refusal, not a field error. */
    static StreamFields reader(String kind, Map<String, String> fields, int supportedVersion) {
        if (fields == null) {
            throw new MessageFormatException(kind + " has no fields");
        }
        String version = fields.get(VERSION);
        if (version == null) {
            throw new MessageFormatException(kind + " has no version field '" + VERSION + "'");
        }
        if (!version.equals(Integer.toString(supportedVersion))) {
            throw new UnsupportedMessageVersionException(kind, version, supportedVersion);
        }
        return new StreamFields(fields);
    }

    Map<String, String> toMap() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    StreamFields put(String name, Object value) {
        if (value != null) {
            fields.put(name, value.toString());
        }
        return this;
    }

    StreamFields putJson(String name, Object value) {
        if (value != null) {
            fields.put(name, JSON.writeValueAsString(value));
        }
        return this;
    }

    String required(String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new MessageFormatException("field '" + name + "' is missing");
        }
        return value;
    }

    String optional(String name) {
        String value = fields.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    UUID uuid(String name) {
        String value = required(name);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException bad) {
            throw new MessageFormatException("field '" + name + "' is not a UUID: " + abbreviate(value));
        }
    }

    int integer(String name) {
        return (int) longValue(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    long longValue(String name) {
        return longValue(name, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long longValue(String name, long min, long max) {
        String value = required(name);
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException bad) {
            throw new MessageFormatException("field '" + name + "' is not an integer: " + abbreviate(value));
        }
    }

    Long optionalLong(String name) {
        return optional(name) == null ? null : longValue(name);
    }

    boolean bool(String name) {
        String value = required(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw new MessageFormatException("field '" + name + "' is not true or false: " + abbreviate(value));
        }
        return Boolean.parseBoolean(value);
    }

    Instant instant(String name) {
        String value = required(name);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException bad) {
            throw new MessageFormatException("field '" + name + "' is not an ISO-8601 instant: " + abbreviate(value));
        }
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String value = required(name);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException unknown) {
            throw new MessageFormatException("field '" + name + "' has unknown value " + abbreviate(value)
                    + "; known: " + List.of(type.getEnumConstants()));
        }
    }

    <T> T json(String name, Class<T> type) {
        String value = required(name);
        try {
            return JSON.readValue(value, type);
        } catch (JacksonException bad) {
            throw new MessageFormatException("field '" + name + "' is not valid JSON for " + type.getSimpleName(), bad);
        }
    }

    <T> T json(String name, TypeReference<T> type) {
        String value = required(name);
        try {
            return JSON.readValue(value, type);
        } catch (JacksonException bad) {
            throw new MessageFormatException("field '" + name + "' is not valid JSON", bad);
        }
    }

    private static String abbreviate(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
