package io.reelport.edge.storage;

import java.nio.ByteBuffer;
import org.reactivestreams.Publisher;

/** An object the previews bucket started sending: headers arrived, the body is still on the wire. */
public record UpstreamObject(ObjectMeta meta, Publisher<ByteBuffer> body) {
}
