package io.reelport.common.jobs;

/** A message written by a newer (or much older) producer than this consumer understands. */
public final class UnsupportedMessageVersionException extends MessageFormatException {

    private final String version;

    public UnsupportedMessageVersionException(String kind, String version, int supported) {
        super(kind + " version '" + version + "' is not supported by this service (it reads version "
                + supported + "); deploy matching versions of backend and worker");
        this.version = version;
    }

    public String version() {
        return version;
    }
}
