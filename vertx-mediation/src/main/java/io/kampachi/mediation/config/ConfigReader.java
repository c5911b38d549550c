package io.kampachi.mediation.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed access to one JSON object of the configuration. Every failure is a {@link ConfigException}
 * that names the full dotted key and the expected value.
 */
final class ConfigReader {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final JsonObject json;
    private final String prefix;

    ConfigReader(JsonObject json, String prefix) {
        this.json = json;
        this.prefix = prefix;
    }

    private String key(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private Object required(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            throw new ConfigException(key(name), "missing or null");
        }
        return value;
    }

    ConfigReader object(String name) {
        Object value = required(name);
        if (!(value instanceof JsonObject)) {
            throw new ConfigException(key(name), "expected a JSON object");
        }
        return new ConfigReader((JsonObject) value, key(name));
    }

    String string(String name) {
        Object value = required(name);
        if (!(value instanceof String) || ((String) value).isBlank()) {
            throw new ConfigException(key(name), "expected a non-empty string, got " + value);
        }
        return (String) value;
    }

    boolean bool(String name) {
        Object value = required(name);
        if (!(value instanceof Boolean)) {
            throw new ConfigException(key(name), "expected true or false, got " + value);
        }
        return (Boolean) value;
    }

    int integer(String name, int min, int max) {
        Object value = required(name);
        if (!(value instanceof Number) || value instanceof Double || value instanceof Float) {
            throw new ConfigException(key(name), "expected an integer from " + min + " to " + max + ", got " + value);
        }
        long number = ((Number) value).longValue();
        if (number < min || number > max) {
            throw new ConfigException(key(name), "expected an integer from " + min + " to " + max + ", got " + number);
        }
        return (int) number;
    }

    int powerOfTwo(String name, int min, int max) {
        int value = integer(name, min, max);
        if (Integer.bitCount(value) != 1) {
            throw new ConfigException(key(name), "expected a power of two from " + min + " to " + max
                    + ", got " + value);
        }
        return value;
    }

    /** Reads an IP address literal. Host names are rejected so that reading the config never resolves a name. */
    String ipLiteral(String name) {
        String value = string(name);
        var ipv4 = IPV4.matcher(value);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    throw new ConfigException(key(name), "expected an IP address literal, got " + value);
                }
            }
            return value;
        }
        if (IPV6.matcher(value).matches()) {
            return value;
        }
        throw new ConfigException(key(name), "expected an IP address literal such as 127.0.0.1 or 0.0.0.0, got "
                + value);
    }

    List<String> stringList(String name, int minSize, int maxSize) {
        Object value = required(name);
        if (!(value instanceof JsonArray)) {
            throw new ConfigException(key(name), "expected a JSON array of strings");
        }
        JsonArray array = (JsonArray) value;
        if (array.size() < minSize || array.size() > maxSize) {
            throw new ConfigException(key(name), "expected " + minSize + " to " + maxSize + " entries, got "
                    + array.size());
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object entry = array.getValue(i);
            if (!(entry instanceof String) || ((String) entry).isBlank()) {
                throw new ConfigException(key(name) + "[" + i + "]", "expected a non-empty string, got " + entry);
            }
            result.add((String) entry);
        }
        return List.copyOf(result);
    }

    /** Reads {@code host:port} entries with literal IP hosts, the form Hazelcast's TCP/IP join accepts. */
    List<String> memberList(String name) {
        List<String> members = stringList(name, 1, 64);
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            int colon = member.lastIndexOf(':');
            String problem = "expected host:port with a literal IP host and a port from 1 to 65535, got " + member;
            if (colon <= 0) {
                throw new ConfigException(key(name) + "[" + i + "]", problem);
            }
            new ConfigReader(new JsonObject().put("host", member.substring(0, colon)), key(name) + "[" + i + "]")
                    .ipLiteral("host");
            try {
                int port = Integer.parseInt(member.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new ConfigException(key(name) + "[" + i + "]", problem);
                }
            } catch (NumberFormatException e) {
                throw new ConfigException(key(name) + "[" + i + "]", problem, e);
            }
        }
        return members;
    }

    AddressPool addressPool(String name) {
        String value = string(name);
        try {
            return AddressPool.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(name), "expected an IPv4 block such as 100.64.0.0/10 with a prefix from "
                    + AddressPool.MIN_PREFIX + " to " + AddressPool.MAX_PREFIX + ": " + e.getMessage(), e);
        }
    }
}
