package io.aether.runbook.platform.data;

import io.aether.runbook.config.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the local broker what production's ingestor leaves behind: ticks on the ticks topic and a consumer group
 * under the environment's {@code kafka.consumerGroup} that has read them and committed its position. Under the
 * {@code ingestor-lagging} drill, many more ticks arrive after the commit, so the group falls far behind.
 */
final class IngestorConsumerGroup {

    /** Ticks the ingestor has read before the checks run. */
    static final int CONSUMED = 200;
    /** Ticks written after the ingestor stopped keeping up, under the ingestor-lagging drill. */
    static final int BACKLOG = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(IngestorConsumerGroup.class);
    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final List<String> SYMBOLS = TimescaleFake.SYMBOLS;

    private IngestorConsumerGroup() {
    }

    /**
     * The ticks topic is the first of {@code kafka.topics} (the environment files list it first); the group
     * reads it from the beginning with assigned partitions, as a member-less commit is all the lag check reads.
     */
    static void consume(String bootstrap, Environment.Kafka kafka, boolean lagging) {
        long started = System.nanoTime();
        String topic = kafka.topics().get(0);
        produce(bootstrap, topic, CONSUMED);
        long committed = readAndCommit(bootstrap, topic, kafka.consumerGroup());
        if (lagging) {
            produce(bootstrap, topic, BACKLOG);
        }
        LOG.info("kafka: group {} committed offset {} on {}{} in {} ms", kafka.consumerGroup(), committed, topic,
                lagging ? ", then " + BACKLOG + " more ticks arrived (drill ingestor-lagging)" : "",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void produce(String bootstrap, String topic, int count) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "local-tick-publisher");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) BUDGET.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BUDGET.dividedBy(2).toMillis());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String symbol = SYMBOLS.get(i % SYMBOLS.size());
                String tick = "{\"symbol\":\"" + symbol + "\",\"price\":" + (100 + i % 50) + ",\"event_time\":\""
                        + Instant.now() + "\"}";
                producer.send(new ProducerRecord<>(topic, symbol, tick));
            }
            producer.flush();
        }
    }

    private static long readAndCommit(String bootstrap, String topic, String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "local-ingestor");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BUDGET.toMillis());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, BUDGET).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, BUDGET);
            long deadline = System.nanoTime() + BUDGET.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("kafka: group " + group + " did not read " + topic + " within "
                            + BUDGET.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200));
            }
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            partitions.forEach(partition -> positions.put(partition,
                    new OffsetAndMetadata(consumer.position(partition))));
            consumer.commitSync(positions, BUDGET);
            return positions.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
