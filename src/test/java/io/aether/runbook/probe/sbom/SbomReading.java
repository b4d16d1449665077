package io.aether.runbook.probe.sbom;

import java.util.List;

/**
 * One SBOM as fetched and read: where it came from, whether it could be had at all, and what it holds as CycloneDX
 * JSON, with every reason it is not valid CycloneDX.
 *
 * @param fetchProblem why no document could be had (no such file, an error answer); {@code null} when fetched
 * @param subject the component the SBOM describes ({@code metadata.component}), as {@code name version}
 * @param problems schema and format violations; empty when the document is valid CycloneDX JSON
 */
public record SbomReading(String role, String source, byte[] content, String fetchProblem, String specVersion,
        String serialNumber, String subject, int components, List<String> problems) {

    public SbomReading {
        problems = List.copyOf(problems);
    }

    static SbomReading unavailable(String role, String source, String problem) {
        return new SbomReading(role, source, null, problem, null, null, null, 0, List.of());
    }

    public boolean fetched() {
        return fetchProblem == null;
    }

    public boolean valid() {
        return fetched() && problems.isEmpty();
    }
}
