package io.aether.runbook.postmortem;

import io.aether.runbook.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code reports/evidence/KEY/remediations.yaml}, the remediations a review agreed on (runbook 5.4): a list,
 * under {@code remediations:}, of entries with a {@code title}, an {@code owner} and a {@code due} date. A malformed
 * file is refused with one {@link ConfigException} naming the file, the line and the reason, so nothing is filed
 * from half a list.
 */
public final class RemediationList {

    public static final String FILE = "remediations.yaml";
    private static final Set<String> KEYS = Set.of("title", "owner", "due");
    private static final String SHAPE = "write it as `remediations:` followed by entries of `- title: ...`, "
            + "`owner: JIRA-USER` and `due: YYYY-MM-DD`";

    private final String source;

    private RemediationList(String source) {
        this.source = source;
    }

    /** @param shown the file as messages name it, e.g. {@code reports/evidence/INC-1/remediations.yaml} */
    public static List<Remediation> read(Path file, String shown) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new RemediationList(shown).parse(reader);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + shown, unreadable);
        }
    }

    private List<Remediation> parse(Reader reader) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException syntax) {
            Mark mark = syntax.getProblemMark() != null ? syntax.getProblemMark() : syntax.getContextMark();
            throw refuse(mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + syntax.getProblem(),
                    "correct the YAML there (indentation, a missing colon, quoting); " + SHAPE);
        }
        if (root == null) {
            throw refuse(1, "the file is empty", SHAPE);
        }
        Node list = root;
        if (root instanceof MappingNode mapping) {
            list = mapping.getValue().stream().filter(tuple -> "remediations".equals(scalar(tuple.getKeyNode())))
                    .map(NodeTuple::getValueNode).findFirst()
                    .orElseThrow(() -> refuse(line(root), "no `remediations:` list", SHAPE));
        }
        if (!(list instanceof SequenceNode sequence)) {
            throw refuse(line(list), "`remediations` is not a list", SHAPE);
        }
        if (sequence.getValue().isEmpty()) {
            throw refuse(line(sequence), "the list holds no remediation", "list at least one, or delete the file");
        }
        List<Remediation> remediations = new ArrayList<>();
        int number = 0;
        for (Node item : sequence.getValue()) {
            remediations.add(remediation(item, ++number));
        }
        return remediations;
    }

    private Remediation remediation(Node item, int number) {
        String which = "remediation " + number;
        if (!(item instanceof MappingNode mapping)) {
            throw refuse(line(item), which + " is not a mapping of title, owner and due", SHAPE);
        }
        Map<String, ScalarNode> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (key == null || !KEYS.contains(key)) {
                throw refuse(line(tuple.getKeyNode()), which + " has an unknown key '" + key + "'",
                        "keep only title, owner and due");
            }
            if (!(tuple.getValueNode() instanceof ScalarNode value) || value.getValue().isBlank()) {
                throw refuse(line(tuple.getValueNode()), which + "'s " + key + " is empty or not a single value",
                        "give `" + key + "` one value");
            }
            values.put(key, value);
        }
        for (String key : List.of("title", "owner", "due")) {
            if (!values.containsKey(key)) {
                throw refuse(line(item), which + " has no " + key, "give each remediation a title, an owner and a"
                        + " due date (YYYY-MM-DD)");
            }
        }
        ScalarNode due = values.get("due");
        LocalDate date;
        try {
            date = LocalDate.parse(due.getValue().trim());
        } catch (DateTimeParseException notDate) {
            throw refuse(line(due), which + "'s due '" + due.getValue() + "' is not a date",
                    "write the due date as YYYY-MM-DD, e.g. 2026-12-18");
        }
        return new Remediation(values.get("title").getValue().trim(), values.get("owner").getValue().trim(), date,
                line(item));
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private ConfigException refuse(int line, String problem, String fix) {
        return new ConfigException(source, "line " + line, problem, fix);
    }
}
