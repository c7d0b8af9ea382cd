package io.kinesisopensearch.sink.client;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How the worker checks the cluster's certificate: against the JDK's CAs by default, against a
 * trust store of private CAs when one is given, or not at all for a local cluster that asks for it.
 *
 * @param trustStorePath where the trust store was read from, for messages
 * @param trustStore     the CAs to trust instead of the JDK's, read at start-up
 * @param insecure       no certificate or host name check at all ({@code opensearch.tls.insecure=true})
 */
public record TlsConfig(Optional<Path> trustStorePath, Optional<KeyStore> trustStore, boolean insecure) {

    public static final String TRUST_STORE = "opensearch.tls.trust-store";
    public static final String TRUST_STORE_PASSWORD = "opensearch.tls.trust-store-password";
    public static final String INSECURE = "opensearch.tls.insecure";

    /** The JDK's CAs, host names checked. */
    public static final TlsConfig DEFAULT = new TlsConfig(Optional.empty(), Optional.empty(), false);

    @Override
    public String toString() {
        return "TlsConfig[trustStore=" + trustStorePath.map(Path::toString).orElse("JDK default")
                + ", insecure=" + insecure + "]";
    }

    /** Reads the TLS settings; a trust store that cannot be read is a {@link ConfigException} naming it. */
    public static TlsConfig from(Settings settings) {
        boolean insecure = settings.getBoolean(INSECURE, false);
        Optional<String> password = settings.find(TRUST_STORE_PASSWORD);
        Optional<Path> path = settings.find(TRUST_STORE).map(Path::of);
        if (insecure && path.isPresent()) {
            throw Settings.invalid(INSECURE, "true", "checks no certificate, so it cannot go with "
                    + Settings.describe(TRUST_STORE) + "; keep one of them");
        }
        return new TlsConfig(path, path.map(file -> read(file, password)), insecure);
    }

    /** The SSL context for these settings: trusting the trust store, everything ({@link #insecure}), or the JDK's CAs. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, insecure ? new TrustManager[] {new TrustAll()} : trustManagers().orElse(null), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Trust managers for the trust store, or empty for the JDK's (and for {@link #insecure}, which trusts all). */
    public Optional<TrustManager[]> trustManagers() {
        if (trustStore.isEmpty()) {
            return Optional.empty();
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore.get());
            return Optional.of(factory.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the trust store " + trustStorePath.orElseThrow(), e);
        }
    }

    /** A PEM file of CA certificates, or else a PKCS#12 store; told apart by the PEM header. */
    private static KeyStore read(Path file, Optional<String> password) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return isPem(bytes) ? fromPem(file, bytes) : fromPkcs12(file, bytes, password);
        } catch (IOException | GeneralSecurityException e) {
            // The password is never part of the message; the JDK's messages do not contain it either.
            throw new ConfigException("Invalid setting " + Settings.describe(TRUST_STORE) + " = '" + file
                    + "': cannot read it as PEM CA certificates or as PKCS#12 (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static KeyStore fromPem(Path file, byte[] bytes) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        return store;
    }

    private static KeyStore fromPkcs12(Path file, byte[] bytes, Optional<String> password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            store.load(in, password.map(String::toCharArray).orElse(null));
        }
        if (store.size() == 0) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        return store;
    }

    /** For {@code opensearch.tls.insecure=true} only: accepts any server certificate. */
    private static final class TrustAll implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // never a server here
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // deliberately trusting: the opt-out the settings asked for, warned about at every start
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
