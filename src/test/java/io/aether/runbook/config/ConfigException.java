package io.aether.runbook.config;

/**
 * A broken environment: the file, the key path and the fix, in one message. It carries no stack trace, because
 * the operator needs the sentence, not the loader's call chain.
 */
public final class ConfigException extends RuntimeException {

    private final String source;
    private final String keyPath;

    public ConfigException(String source, String keyPath, String problem, String fix) {
        super(format(source, keyPath, problem, fix), null, false, false);
        this.source = source;
        this.keyPath = keyPath;
    }

    private static String format(String source, String keyPath, String problem, String fix) {
        String where = keyPath == null || keyPath.isEmpty() ? source : source + ": " + keyPath;
        return where + ": " + problem + ". Fix: " + fix;
    }

    public String source() {
        return source;
    }

    public String keyPath() {
        return keyPath;
    }
}
