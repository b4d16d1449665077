package io.aether.runbook.verdict.postmortem;

import io.aether.runbook.probe.sbom.SbomReading;
import io.aether.runbook.verdict.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/** Judges the SBOMs of runbook 5.3: each was found and is valid CycloneDX JSON. */
public final class SbomJudge {

    private SbomJudge() {
    }

    public static Verdict judge(List<SbomReading> readings) {
        List<SbomReading> broken = readings.stream().filter(reading -> !reading.valid()).toList();
        if (!broken.isEmpty()) {
            return Verdict.fail(broken.stream().map(SbomJudge::problem).collect(Collectors.joining("; "))
                    + "; expected valid CycloneDX JSON; open " + ReviewSteps.ATTACH);
        }
        return Verdict.pass(readings.stream().map(reading -> reading.role() + " from " + reading.source()
                + " is CycloneDX " + reading.specVersion() + " JSON, valid against its schema, with "
                + reading.components() + " component(s)" + (reading.subject() == null ? "" : " of "
                + reading.subject())).collect(Collectors.joining("; ")));
    }

    private static String problem(SbomReading reading) {
        if (!reading.fetched()) {
            return reading.role() + " could not be had from " + reading.source() + ": " + reading.fetchProblem();
        }
        return reading.role() + " from " + reading.source() + " is not valid CycloneDX JSON: "
                + String.join("; ", reading.problems().subList(0, Math.min(3, reading.problems().size())))
                + (reading.problems().size() > 3 ? " (and " + (reading.problems().size() - 3) + " more)" : "");
    }
}
