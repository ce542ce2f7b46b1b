package io.reelport.edge.cache;

import io.reelport.edge.storage.ObjectMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The header at the start of every cache file: what is needed to answer a hit (and to rebuild the
 * index after a restart) without asking the bucket. Text, one field a line, ending with an empty line.
 */
final class EntryHeader {

    static final String MAGIC = "reelport-edge-cache 1";
    private static final int MAX_HEADER_BYTES = 4096;

    private EntryHeader() {
    }

    static byte[] encode(String key, ObjectMeta meta) {
        String text = MAGIC + "\n" + key + "\n" + meta.etag() + "\n" + meta.lastModified().getEpochSecond() + "\n"
                + meta.length() + "\n\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The entry a file holds, or empty when it is not a complete, well-formed cache file. */
    static Optional<CachedObject> read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_HEADER_BYTES, channel.size()));
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read what there is
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            int end = text.indexOf("\n\n");
            if (end < 0) {
                return Optional.empty();
            }
            String[] lines = text.substring(0, end).split("\n", -1);
            if (lines.length != 5 || !lines[0].equals(MAGIC)) {
                return Optional.empty();
            }
            long bodyOffset = text.substring(0, end + 2).getBytes(StandardCharsets.UTF_8).length;
            ObjectMeta meta = new ObjectMeta(Long.parseLong(lines[4]), lines[2], Instant.ofEpochSecond(Long.parseLong(lines[3])));
            if (channel.size() != bodyOffset + meta.length()) {
                return Optional.empty();
            }
            return Optional.of(new CachedObject(lines[1], file, bodyOffset, meta));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
