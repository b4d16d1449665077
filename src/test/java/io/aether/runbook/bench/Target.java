package io.aether.runbook.bench;

/** A target of the benchmark, the value measured against it, and by how much it is held or missed. */
record Target(double measured, double limit, String unit, boolean held, String verdict) {

    static Target of(double measured, double limit, String unit) {
        boolean held = measured <= limit;
        String verdict = Double.isNaN(measured) ? "not measured"
                : held ? "held (" + Spread.format(measured) + " " + unit + " of at most " + Spread.format(limit) + ")"
                : "missed by " + Spread.format(Math.round(100.0 * (measured / limit - 1)) / 100.0 * 100) + "% ("
                        + Spread.format(measured) + " " + unit + " against at most " + Spread.format(limit) + ")";
        return new Target(measured, limit, unit, held, verdict);
    }
}
