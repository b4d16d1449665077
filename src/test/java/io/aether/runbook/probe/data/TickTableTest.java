package io.aether.runbook.probe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The tick table's SQL")
class TickTableTest {

    @Test
    @DisplayName("quotes the table and time column of the freshness query")
    void quotesIdentifiers() {
        assertThat(new TickTable("market_ticks", "event_time").latestTickQuery())
                .isEqualTo("select max(\"event_time\") as latest, now() as db_now from \"market_ticks\"");
    }

    @Test
    @DisplayName("quotes each part of a schema-qualified table")
    void quotesSchemaQualifiedTable() {
        assertThat(new TickTable("marketdata.market_ticks", "event_time").quotedTable())
                .isEqualTo("\"marketdata\".\"market_ticks\"");
    }

    @Test
    @DisplayName("keeps a hostile name an identifier")
    void doublesEmbeddedQuotes() {
        assertThat(new TickTable("ticks\"; drop table x; --", "t").quotedTable())
                .isEqualTo("\"ticks\"\"; drop table x; --\"");
    }

    @Test
    @DisplayName("rejects a blank name")
    void rejectsBlankNames() {
        assertThatThrownBy(() -> new TickTable("market_ticks", " ").latestTickQuery())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a usable SQL identifier: ' '");
    }
}
