package io.aether.runbook.platform.data;

import io.aether.runbook.probe.data.TickTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that make the environment's tick table a TimescaleDB hypertable on its time column, as production
 * holds it. They start from an empty table every time, so a reused database boots into the state the drills expect.
 */
final class TickHypertable {

    private TickHypertable() {
    }

    static List<String> statements(TickTable ticks) {
        List<String> statements = new ArrayList<>();
        statements.add("create extension if not exists timescaledb");
        if (ticks.table().contains(".")) {
            String schema = ticks.table().substring(0, ticks.table().lastIndexOf('.'));
            statements.add("create schema if not exists " + TickTable.quote(schema));
        }
        statements.add("drop table if exists " + ticks.quotedTable());
        statements.add("create table " + ticks.quotedTable() + " (" + ticks.quotedTimeColumn()
                + " timestamptz not null, symbol text not null, price numeric not null, size int)");
        // the (regclass, name) form exists in every TimescaleDB 2.x; it also creates the index on time descending
        statements.add("select create_hypertable(" + literal(ticks.quotedTable()) + "::regclass, "
                + literal(ticks.timeColumn()) + "::name)");
        return statements;
    }

    /** A SQL string literal: single quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
