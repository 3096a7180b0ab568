package io.ddbsync.model.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Per-table attribute lists: {@code ATTRIBUTES_INCLUDE} / {@code ATTRIBUTES_EXCLUDE} in the form
 * {@code Table=a|b,Other=c}. Names are top-level attribute names as in the table (before the
 * converter renames reserved ones); a name containing {@code , | =} or leading/trailing blanks
 * cannot be listed.
 */
final class AttributeLists {

    private AttributeLists() {
    }

    /** {@code Table=a|b,Other=c} → table → names (in order); empty text → empty map. */
    static Map<String, Set<String>> parse(String variable, String text) {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : EnvReader.tablePairs(variable, text, "Table=a|b,Other=c")) {
            String table = pair.getKey();
            Set<String> names = new LinkedHashSet<>();
            for (String name : pair.getValue().split("\\|", -1)) {
                String n = name.trim();
                if (n.isEmpty()) {
                    throw new ConfigException(variable, "table " + table + ": an empty attribute name (format: Table=a|b,Other=c)");
                }
                if (!names.add(n)) {
                    throw new ConfigException(variable, "table " + table + ": attribute " + n + " is listed twice");
                }
            }
            if (map.putIfAbsent(table, Set.copyOf(names)) != null) {
                throw new ConfigException(variable, "table " + table + " is listed twice");
            }
        }
        return map;
    }

    /** Copies and checks the lists: valid table names, no blank names, no attribute both included and excluded. */
    static Map<String, Set<String>> check(String variable, Map<String, Set<String>> lists) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        lists.forEach((table, names) -> {
            EnvReader.checkTableName(variable, table);
            for (String n : names) {
                if (n == null || n.isBlank()) {
                    throw new ConfigException(variable, "table " + table + ": an empty attribute name");
                }
            }
            copy.put(table, Set.copyOf(names));
        });
        return Map.copyOf(copy);
    }

    static void checkDisjoint(Map<String, Set<String>> include, Map<String, Set<String>> exclude) {
        include.forEach((table, names) -> {
            for (String n : exclude.getOrDefault(table, Set.of())) {
                if (names.contains(n)) {
                    throw new ConfigException("ATTRIBUTES_EXCLUDE", "table " + table + ": attribute " + n
                            + " is also in ATTRIBUTES_INCLUDE; list it in one of them");
                }
            }
        });
    }
}
