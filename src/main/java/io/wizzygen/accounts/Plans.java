package io.wizzygen.accounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The plans on offer, configured by the operator in {@code plans.properties} (in the config folder) on top of
 * the defaults: {@code free} = 10 prompts in total (what a new account gets), {@code pro} = 1,000 prompts a
 * month, {@code unlimited}. Keys per plan: {@code NAME.prompts} (a number or "unlimited"),
 * {@code NAME.period} ("total" or "month"), {@code NAME.title}, {@code NAME.price}.
 */
public final class Plans {

    public static final String FREE = "free";
    public static final String UNLIMITED = "unlimited";

    private final Map<String, Plan> plans;

    private Plans(Map<String, Plan> plans) {
        this.plans = plans;
    }

    public static Plans defaults() {
        return from(new Properties());
    }

    /** The defaults with the operator's entries (as {@code setup} read them from {@code source}, named in errors) on top. */
    public static Plans of(Map<String, String> entries, String source) {
        Properties properties = new Properties();
        properties.putAll(entries);
        try {
            return from(properties);
        } catch (IllegalArgumentException e) {
            throw new AccountException("The plans file " + source + " is not valid: " + e.getMessage());
        }
    }

    static Plans from(Properties overrides) {
        Properties all = new Properties();
        all.setProperty("free.title", "Free");
        all.setProperty("free.prompts", "10");
        all.setProperty("free.period", "total");
        all.setProperty("free.price", "Free");
        all.setProperty("pro.title", "Pro");
        all.setProperty("pro.prompts", "1000");
        all.setProperty("pro.period", "month");
        all.setProperty("pro.price", "Ask your operator");
        all.setProperty("unlimited.title", "Unlimited");
        all.setProperty("unlimited.prompts", "unlimited");
        all.setProperty("unlimited.price", "Ask your operator");
        all.putAll(overrides);
        TreeSet<String> names = new TreeSet<>();
        for (String key : all.stringPropertyNames()) {
            names.add(key.substring(0, Math.max(0, key.indexOf('.'))).toLowerCase(Locale.ROOT));
        }
        names.remove("");
        Map<String, Plan> plans = new LinkedHashMap<>();
        List<String> ordered = new ArrayList<>(List.of(FREE, "pro", UNLIMITED));
        names.stream().filter(name -> !ordered.contains(name)).forEach(ordered::add);
        for (String name : ordered) {
            if (names.contains(name)) {
                plans.put(name, plan(name, all));
            }
        }
        if (!plans.containsKey(FREE)) {
            throw new IllegalArgumentException("the plan 'free' (what new accounts get) must exist.");
        }
        return new Plans(plans);
    }

    private static Plan plan(String name, Properties all) {
        String prompts = all.getProperty(name + ".prompts", "unlimited").strip();
        Integer limit;
        if (prompts.equalsIgnoreCase("unlimited")) {
            limit = null;
        } else {
            try {
                limit = Integer.parseInt(prompts.replace(",", "").replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ".prompts is '" + prompts + "'; write a whole number or 'unlimited'.");
            }
            if (limit < 0) {
                throw new IllegalArgumentException(name + ".prompts is negative; write 0 or more, or 'unlimited'.");
            }
        }
        String period = all.getProperty(name + ".period", "month").strip().toLowerCase(Locale.ROOT);
        if (!period.equals("month") && !period.equals("total")) {
            throw new IllegalArgumentException(name + ".period is '" + period + "'; write 'month' or 'total'.");
        }
        String title = all.getProperty(name + ".title", Character.toUpperCase(name.charAt(0)) + name.substring(1));
        return new Plan(name, title, limit, period.equals("month"), all.getProperty(name + ".price", ""));
    }

    public List<Plan> all() {
        return List.copyOf(plans.values());
    }

    public Optional<Plan> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(plans.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** The plan by name, or a clear error listing the plans there are. */
    public Plan require(String name) {
        return find(name).orElseThrow(() -> new AccountException("There is no plan '" + name + "'. Plans: "
                + String.join(", ", plans.keySet()) + " (operators add plans in plans.properties)."));
    }

    /** An account's plan; a plan the operator has since removed counts as Free. */
    public Plan of(Account account) {
        return find(account.plan()).orElse(plans.get(FREE));
    }
}
