package io.aether.runbook.platform;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;

/**
 * A fake that answers HTTP for platform services through WireMock, by the name a replay seed files their mappings
 * under ({@code http/argocd/*.json}).
 */
public interface HttpServices {

    /** Service name ({@code argocd}, {@code risk-api}, ...) to the WireMock server that answers for it. */
    Map<String, WireMockServer> httpServices();
}
