package io.streamcast.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads service and topology YAML with Jackson, applying {@code --set path=value} overrides to the
 * parsed tree before binding, so an override is checked exactly like a value written in the file.
 * Unknown fields are errors: a typo must not silently fall back to a default.
 */
public final class YamlConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // horizon: 12.7 is a mistake to report, not 12 to guess.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private YamlConfig() {}

    public static ServiceConfig loadService(Path file, List<String> overrides) {
        return bind(file, overrides, ServiceConfig.class).validate();
    }

    public static TopologySpec loadTopology(Path file, List<String> overrides) {
        TopologySpec spec = bind(file, overrides, TopologySpec.class);
        if (spec.name == null) {
            String base = file.getFileName().toString();
            spec.name = base.replaceFirst("\\.ya?ml$", "");
        }
        if (spec.model.checkpoint != null && file.getParent() != null) {
            spec.model.checkpoint =
                    file.getParent().resolve(spec.model.checkpoint).normalize().toString();
        }
        if (spec.training.corpus != null && spec.training.corpus.isBlank()) {
            // `--set training.corpus=` switches a topology's corpus off.
            spec.training.corpus = null;
        }
        if (spec.training.corpus != null && file.getParent() != null) {
            spec.training.corpus =
                    file.getParent().resolve(spec.training.corpus).normalize().toString();
        }
        try {
            return spec.validate();
        } catch (ConfigException e) {
            throw new ConfigException(blame(file.toString(), e.getMessage(), overrides) + e.getMessage());
        }
    }

    /** Every *.yaml / *.yml file in the directory, in name order; names must be unique. */
    public static List<TopologySpec> loadTopologies(Path dir, List<String> overrides) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("topologies directory not found: " + dir);
        }
        List<TopologySpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml$"))
                    .sorted()
                    .toList()) {
                TopologySpec spec = loadTopology(f, overrides);
                if (specs.stream().anyMatch(s -> s.name.equals(spec.name))) {
                    throw new ConfigException(f + ": topology name '" + spec.name + "' is used twice");
                }
                specs.add(spec);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (specs.isEmpty()) {
            throw new ConfigException("no topology files (*.yaml) in " + dir);
        }
        return specs;
    }

    public static TopologySpec parseTopology(String yaml, List<String> overrides) {
        try {
            ObjectNode tree = asObject(YAML.readTree(yaml), "topology");
            applyOverrides(tree, overrides);
            wholeNumbersAsIntegers(tree);
            TopologySpec spec = YAML.treeToValue(tree, TopologySpec.class);
            try {
                return spec.validate();
            } catch (ConfigException e) {
                throw new ConfigException(blame(null, e.getMessage(), overrides) + e.getMessage());
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(source("topology", e, overrides) + describe(e), e);
        }
    }

    static <T> T bind(Path file, List<String> overrides, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("file not found: " + file);
        }
        try {
            ObjectNode tree = asObject(YAML.readTree(file.toFile()), file.toString());
            applyOverrides(tree, overrides);
            wholeNumbersAsIntegers(tree);
            return YAML.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source(file.toString(), e, overrides) + describe(e), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode asObject(JsonNode node, String what) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(what + ": expected a YAML mapping at the top level");
        }
        return (ObjectNode) node;
    }

    /** {@code model.cell=lstm}: walks (and creates) objects along the dotted path; the value is read as YAML, so numbers stay numbers. */
    static void applyOverrides(ObjectNode root, List<String> overrides) {
        if (overrides == null) {
            return;
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + override + ": expected path=value");
            }
            String[] path = override.substring(0, eq).trim().split("\\.");
            String raw = override.substring(eq + 1);
            JsonNode value;
            try {
                value = raw.isEmpty() ? YAML.getNodeFactory().textNode("") : YAML.readTree(raw);
            } catch (JsonProcessingException e) {
                value = YAML.getNodeFactory().textNode(raw);
            }
            ObjectNode node = root;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = node.get(path[i]);
                if (child == null || !child.isObject()) {
                    child = node.putObject(path[i]);
                }
                node = (ObjectNode) child;
            }
            node.set(path[path.length - 1], value);
        }
    }

    /**
     * {@code 1e9} and {@code 12.0} as the integers they are: YAML reads them as decimals, which an
     * integer field refuses with Jackson's talk of coercion, while the field's own check names the
     * bound a user needs to hear. A fraction ({@code horizon: 12.7}) stays a decimal and is refused.
     */
    private static void wholeNumbersAsIntegers(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (var field : object.properties()) {
                JsonNode value = field.getValue();
                if (value.isFloatingPointNumber() && isWhole(value.doubleValue())) {
                    double d = value.doubleValue();
                    field.setValue(
                            d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE
                                    ? YAML.getNodeFactory().numberNode((int) d)
                                    : YAML.getNodeFactory().numberNode((long) d));
                } else {
                    wholeNumbersAsIntegers(value);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(YamlConfig::wholeNumbersAsIntegers);
        }
    }

    private static boolean isWhole(double d) {
        return d == Math.rint(d) && Math.abs(d) < 9.0e18;
    }

    /**
     * Who wrote the value a validation message (which starts with the field's path) is about: the
     * {@code --set} override of that path, else the file (nothing when there is none).
     */
    private static String blame(String file, String message, List<String> overrides) {
        if (overrides != null) {
            for (String override : overrides) {
                int eq = override.indexOf('=');
                String path = eq > 0 ? override.substring(0, eq).trim() : null;
                // A list's element is blamed on the override that set the list: "interval.quantiles[1]: ...".
                if (path != null && (message.startsWith(path + ":") || message.startsWith(path + "["))) {
                    return "--set " + override + ": ";
                }
            }
        }
        return file == null ? "" : file + ": ";
    }

    /**
     * Who wrote the bad value: the {@code --set} override whose path is the failing field's, else
     * the file. (A typo in {@code --set model.cel=lstm} is not the YAML file's fault.)
     */
    private static String source(String file, JsonProcessingException e, List<String> overrides) {
        String field = fieldPath(e);
        if (field != null && overrides != null) {
            for (String override : overrides) {
                int eq = override.indexOf('=');
                if (eq > 0 && override.substring(0, eq).trim().equals(field)) {
                    return "--set " + override + ": ";
                }
            }
        }
        return file + ": ";
    }

    /** The dotted path of the field a mapping error is about, e.g. {@code model.hidden}; null when unknown. */
    private static String fieldPath(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() == null) {
                return null;
            }
            path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
        }
        return path.toString();
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds() + ")";
        }
        String field = fieldPath(e);
        String msg = e.getOriginalMessage();
        msg = msg == null ? e.getClass().getSimpleName() : msg.replace('\n', ' ');
        // Jackson's "Cannot coerce Floating-point value (12.7) to `int` value (but could if coercion
        // was enabled using `CoercionConfig`)" talks to a programmer.
        java.util.regex.Matcher fraction = java.util.regex.Pattern.compile(
                        "Cannot coerce Floating-point value \\((.*?)\\) to `(int|long)`")
                .matcher(msg);
        if (fraction.find()) {
            msg = "must be a whole number, not " + fraction.group(1);
        }
        return field == null ? msg : field + ": " + msg;
    }
}
