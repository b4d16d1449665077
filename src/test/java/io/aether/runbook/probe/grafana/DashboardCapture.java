package io.aether.runbook.probe.grafana;

import java.util.List;

/**
 * One Grafana dashboard captured over an incident window: the snapshot published for it, what each panel held,
 * and why the image renderer or the capture itself failed, if they did.
 *
 * @param snapshotUrl where the published snapshot is seen; {@code null} when none was published
 * @param rendererProblem why panels were not rendered to PNG (the renderer did not answer); {@code null}
 * @param failure why the dashboard could not be captured at all; {@code null} when a snapshot was published
 */
public record DashboardCapture(String uid, String title, String snapshotUrl, String snapshotKey,
        List<PanelCapture> panels, String rendererProblem, String failure) {

    public DashboardCapture {
        panels = List.copyOf(panels);
    }

    static DashboardCapture failed(String uid, String title, String failure) {
        return new DashboardCapture(uid, title, null, null, List.of(), null, failure);
    }

    public boolean captured() {
        return failure == null;
    }

    /** Whether any panel's data is kept in the snapshot; a snapshot without any shows only its queries. */
    public boolean holdsData() {
        return panels.stream().anyMatch(PanelCapture::holdsData);
    }

    public List<PanelCapture> queriedPanels() {
        return panels.stream().filter(PanelCapture::queried).toList();
    }

    /** Panels whose queries returned nothing over the window. */
    public List<PanelCapture> emptyPanels() {
        return queriedPanels().stream().filter(panel -> !panel.holdsData()).toList();
    }

    public long images() {
        return panels.stream().filter(panel -> panel.image() != null).count();
    }
}
