package io.wizzygen.setup;

import io.wizzygen.ai.Prices;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What Wizzygen learns from outside its flags, in one place: the environment's variables (read once by the command
 * line and passed down) and the operator's files in the config folder ({@code prices.properties},
 * {@code plans.properties}). No class below setup reads the environment or a file on its own.
 *
 * @param variables the environment's variables (blank ones count as unset)
 * @param home      the user's home folder, for the XDG defaults
 */
public record Environment(Map<String, String> variables, Path home) {

    public Environment {
        Map<String, String> present = new HashMap<>();
        variables.forEach((name, value) -> {
            if (name != null && value != null && !value.isBlank()) {
                present.put(name, value.strip());
            }
        });
        variables = Map.copyOf(present);
    }

    /** The process's environment: called once, by the command line. */
    public static Environment current() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** These variables and this process's home folder (tests, and the demo's own settings). */
    public static Environment of(Map<String, String> variables) {
        return new Environment(variables, Path.of(System.getProperty("user.home")));
    }

    /** The names only: values may be secrets. */
    @Override
    public String toString() {
        return "Environment" + new java.util.TreeSet<>(variables.keySet());
    }

    /** A variable's value, or null when it is unset or blank. */
    public String get(String name) {
        return variables.get(name);
    }

    public boolean has(String name) {
        return variables.containsKey(name);
    }

    /** The same environment without these variables. */
    public Environment without(Collection<String> names) {
        Map<String, String> kept = new HashMap<>(variables);
        kept.keySet().removeAll(names);
        return new Environment(kept, home);
    }

    /** The data folder: $XDG_DATA_HOME/wizzygen, else ~/.local/share/wizzygen. */
    public Path dataFolder() {
        return xdg("XDG_DATA_HOME", home.resolve(".local").resolve("share"));
    }

    /** The config folder: $XDG_CONFIG_HOME/wizzygen, else ~/.config/wizzygen (the operator's files). */
    public Path configFolder() {
        return xdg("XDG_CONFIG_HOME", home.resolve(".config"));
    }

    private Path xdg(String variable, Path fallback) {
        return (has(variable) ? Path.of(get(variable)) : fallback).resolve("wizzygen");
    }

    /** Where data lives: {@code folder} and {@code databaseUrl} from flags when given, else from the environment. */
    public Storage storage(Path folder, String databaseUrl) {
        return new Storage(folder != null ? folder : dataFolder(), databaseUrl != null && !databaseUrl.isBlank() ? databaseUrl : get("WIZZYGEN_DATABASE_URL"),
                get("WIZZYGEN_MASTER_KEY"));
    }

    /** WIZZYGEN_ALLOWED_AI_HOSTS: comma-separated HOST[:PORT] entries. */
    public List<String> allowedAiHosts() {
        return has("WIZZYGEN_ALLOWED_AI_HOSTS") ? Arrays.stream(get("WIZZYGEN_ALLOWED_AI_HOSTS").split(",")).map(String::strip)
                .filter(entry -> !entry.isEmpty()).toList() : List.of();
    }

    /** The built-in price list with the operator's {@code prices.properties} on top. */
    public Prices prices() {
        OperatorFile file = operatorFile("prices.properties");
        return Prices.withOverrides(file.entries(), file.source());
    }

    /** The operator's {@code plans.properties} (no entries when there is no such file). */
    public OperatorFile plans() {
        return operatorFile("plans.properties");
    }

    /** One of the operator's {@code .properties} files in the config folder: its entries in file order, and where it is (for errors). */
    public record OperatorFile(Map<String, String> entries, String source) {
    }

    private OperatorFile operatorFile(String name) {
        Path file = configFolder().resolve(name);
        return new OperatorFile(entriesOf(file), file.toString());
    }

    /** The entries of one of the operator's {@code .properties} files, in file order; none when it does not exist. */
    static Map<String, String> entriesOf(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        Properties properties = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                entries.put(String.valueOf(key), String.valueOf(value));
                return super.put(key, value);
            }
        };
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("The file " + file + " cannot be read (" + e.getMessage() + "); fix its permissions or move it away.");
        }
        return entries;
    }
}
