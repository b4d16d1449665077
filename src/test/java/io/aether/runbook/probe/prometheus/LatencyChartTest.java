package io.aether.runbook.probe.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

@DisplayName("The latency chart")
class LatencyChartTest {

    @Test
    @DisplayName("is well-formed SVG with the percentiles, the threshold and a bar per bin")
    void drawsDistribution() throws Exception {
        LatencySample sample = new LatencySample("http://127.0.0.1:1/api/healthz", 4, 2, List.of(
                Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(40), Duration.ofMillis(700)),
                List.of(), Duration.ofSeconds(2));

        String svg = LatencyChart.svg(sample, Duration.ofMillis(500));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(24);
        assertThat(svg).contains("4 of 4 requests answered: P50 30ms, P90 700ms, P99 700ms, max 700ms",
                ">threshold 500ms<", ">0 ms<", ">800 ms<");
    }
}
