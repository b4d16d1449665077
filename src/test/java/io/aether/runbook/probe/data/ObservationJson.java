package io.aether.runbook.probe.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Renders an observation record as the JSON evidence attached to the check that judged it. */
final class ObservationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ObservationJson() {
    }

    static String of(Object observation) {
        try {
            return MAPPER.writeValueAsString(observation);
        } catch (JsonProcessingException unexpected) {
            return String.valueOf(observation);
        }
    }
}
