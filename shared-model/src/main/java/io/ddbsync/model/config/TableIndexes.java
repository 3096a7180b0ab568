package io.ddbsync.model.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * INDEX_MAP and the one derivation of a table's index (search alias) name: the mapped name, or
 * the table name lower-cased. Two tables never share an index: a map giving two tables one index,
 * or one table the index another mapped table would get by default, is refused at start; a table
 * that is not mapped and whose default name is not a valid index name, or is the index of a mapped
 * table, is refused when its index is derived. Every message names INDEX_MAP and the tables,
 * never item values.
 */
final class TableIndexes {

    static final String VARIABLE = "INDEX_MAP";

    private TableIndexes() {
    }

    /** {@code Table=index,Other=other2} → map (in order); empty text → empty map. */
    static Map<String, String> parse(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : EnvReader.tablePairs(VARIABLE, text, "Table=index,Other=other2")) {
            String table = pair.getKey();
            String index = pair.getValue();
            if (map.putIfAbsent(table, index) != null) {
                throw new ConfigException(VARIABLE, "table " + table + " is mapped twice");
            }
        }
        return map;
    }

    /** Refuses invalid names and every way two mapped tables could meet in one index. */
    static void check(Map<String, String> map) {
        Map<String, String> tableByIndex = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            String table = e.getKey();
            EnvReader.checkTableName(VARIABLE, table);
            IndexNames.problem(e.getValue()).ifPresent(p -> {
                throw new ConfigException(VARIABLE, "table " + table + ": " + p);
            });
            String other = tableByIndex.putIfAbsent(e.getValue(), table);
            if (other != null) {
                throw new ConfigException(VARIABLE, "tables " + other + " and " + table + " both map to index " + e.getValue()
                        + "; two tables never share an index (their documents would overwrite each other)");
            }
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            for (String other : map.keySet()) {
                if (!other.equals(e.getKey()) && defaultIndex(other).equals(e.getValue())) {
                    throw new ConfigException(VARIABLE, "table " + e.getKey() + " maps to index " + e.getValue()
                            + ", the default index of table " + other + "; give " + e.getKey() + " another index");
                }
            }
        }
    }

    /** The index of {@code table}; see the class comment for when it is refused. */
    static String indexFor(Map<String, String> map, String table) {
        String mapped = map.get(table);
        if (mapped != null) {
            return mapped;
        }
        String index = defaultIndex(table);
        Optional<String> problem = IndexNames.problem(index);
        if (problem.isPresent()) {
            throw new ConfigException(VARIABLE, "table " + table + " is not in INDEX_MAP and its default index (the table name "
                    + "lower-cased) is refused by OpenSearch: " + problem.get() + "; map the table to an index in INDEX_MAP");
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getValue().equals(index)) {
                throw new ConfigException(VARIABLE, "table " + table + " is not in INDEX_MAP and its default index " + index
                        + " is the index of table " + e.getKey() + "; map " + table + " to another index in INDEX_MAP");
            }
        }
        return index;
    }

    static String defaultIndex(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
