package io.aether.runbook.probe.http;

import io.aether.runbook.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How one HTTPS endpoint's certificate is verified, as {@code tls.<endpoint>} says: by the JDK's trusted
 * authorities (the default), by the CAs of a PEM bundle, or not at all, which the log and the report then warn of.
 */
public final class TlsTrust {

    private final String key;
    private final Environment.TlsEndpoint endpoint;

    private TlsTrust(String key, Environment.TlsEndpoint endpoint) {
        this.key = key;
        this.endpoint = endpoint;
    }

    /** @param endpoint the endpoint's key under {@code tls}, e.g. {@code argocd} */
    public static TlsTrust of(String endpoint, Environment.TlsEndpoint settings) {
        return new TlsTrust("tls." + endpoint, settings == null ? new Environment.TlsEndpoint(null, false)
                : settings);
    }

    /** The JDK's trusted authorities, with host names checked: what an endpoint gets unless its file says else. */
    public static TlsTrust verifying(String endpoint) {
        return of(endpoint, null);
    }

    public boolean verifies() {
        return !endpoint.insecureSkipVerify();
    }

    /** The warning the log and the report carry while verification is off; empty while it is on. */
    public Optional<String> warning() {
        return verifies() ? Optional.empty() : Optional.of("TLS verification is off (" + key
                + ".insecureSkipVerify: true): the server's certificate and host name are not checked, so anyone"
                + " on the path could answer in its place");
    }

    /** What to do when the handshake fails, for the failure message. */
    public String fix() {
        return "name the CA that signs its certificate with " + key + ".caBundle";
    }

    /** Why no answer came, when the failure was the TLS handshake. */
    public Optional<String> handshakeFailure(IOException failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return Optional.of("TLS handshake failed (" + cause.getMessage() + "); " + fix());
            }
        }
        return Optional.empty();
    }

    public SSLContext sslContext() {
        try {
            if (!verifies()) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new UncheckedTrust()}, null);
                return context;
            }
            if (endpoint.caBundle() == null || endpoint.caBundle().isBlank()) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(bundle(Path.of(endpoint.caBundle())));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (NoSuchAlgorithmException | java.security.KeyManagementException | java.security.KeyStoreException
                broken) {
            throw new IllegalStateException("the JDK cannot set up TLS for " + key + ": " + broken.getMessage(),
                    broken);
        }
    }

    private KeyStore bundle(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new IllegalStateException(key + ".caBundle: " + pem + " holds no PEM certificate");
            }
            return store;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(key + ".caBundle: cannot read " + pem, unreadable);
        } catch (GeneralSecurityException notPem) {
            throw new IllegalStateException(key + ".caBundle: " + pem + " is not a PEM bundle of certificates ("
                    + notPem.getMessage() + ")", notPem);
        }
    }

    /**
     * Accepts any server certificate. Being an extended trust manager, it is also where the host name would be
     * checked, so the JDK checks neither.
     */
    private static final class UncheckedTrust extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // a client certificate is never asked of the suite
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // verification is off for this endpoint, as its environment file asks
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // a client certificate is never asked of the suite
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // verification is off for this endpoint, as its environment file asks
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a client certificate is never asked of the suite
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // verification is off for this endpoint, as its environment file asks
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
