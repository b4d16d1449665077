package io.aether.runbook.probe.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where market ticks live: the table (optionally schema-qualified, {@code marketdata.market_ticks}) and its time
 * column, as the environment names them, with the SQL built from them quoted so a name is never read as SQL.
 */
public record TickTable(String table, String timeColumn) {

    public TickTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(timeColumn, "timeColumn");
    }

    /** The read-only query of runbook 3.1, on the database's clock. */
    public String latestTickQuery() {
        return "select max(" + quote(timeColumn) + ") as latest, now() as db_now from " + quotedTable();
    }

    public String quotedTable() {
        return Arrays.stream(table.split("\\.", -1)).map(TickTable::quote).collect(Collectors.joining("."));
    }

    public String quotedTimeColumn() {
        return quote(timeColumn);
    }

    /** A PostgreSQL quoted identifier: wrapped in double quotes, embedded quotes doubled. */
    public static String quote(String identifier) {
        if (identifier.isBlank() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a usable SQL identifier: '" + identifier + "'");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return table + "." + timeColumn;
    }
}
