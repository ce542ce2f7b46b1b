package io.reelport.common.jobs;

/**
 * A stream entry that cannot be read as a message of this version of the contract. A consumer
 * must not retry it: the same bytes will fail the same way, so it goes to the dead-letter stream.
 */
public class MessageFormatException extends RuntimeException {

    public MessageFormatException(String message) {
        super(message);
    }

    public MessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
