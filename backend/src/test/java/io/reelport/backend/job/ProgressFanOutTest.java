package io.reelport.backend.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelport.backend.support.BackendHttpTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Progress goes through Redis pub/sub to every instance and reaches each subscriber in order. */
class ProgressFanOutTest extends BackendHttpTest {

    @Autowired
    ProgressFanOut fanOut;

    @Test
    void aSubscriberReceivesAnAssetsProgressInTheOrderItWasPublished() throws Exception {
        UUID asset = UUID.randomUUID();
        UUID otherAsset = UUID.randomUUID();
        List<Integer> received = new CopyOnWriteArrayList<>();
        try (AutoCloseable following = fanOut.subscribe(asset, progress -> received.add(progress.progress()))) {
            for (int percent = 0; percent <= 100; percent++) {
                fanOut.publish(progress(asset, percent));
                fanOut.publish(progress(otherAsset, 100 - percent));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 101);
        }
        assertThat(received).as("only this asset's, each once, in order").isEqualTo(IntStream.rangeClosed(0, 100).boxed().toList());

        fanOut.publish(progress(asset, 100));
        Thread.sleep(300);
        assertThat(received).as("nothing after unsubscribing").hasSize(101);
    }

    private static AssetProgress progress(UUID asset, int percent) {
        return new AssetProgress(asset, UUID.randomUUID(), UUID.randomUUID(), "progress", "PROCESSING", percent,
                "transcode", "PROCESSING", null, null, null);
    }
}
