package io.reelport.backend.asset;

import io.reelport.backend.job.AssetProgress;
import io.reelport.backend.job.ProgressFanOut;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for one asset: a {@code snapshot} first (the asset as {@code GET} shows it),
 * then a {@code progress} event for every worker event applied, by whichever instance applied it.
 */
@RestController
class AssetEventsController {

    static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private final AssetViews views;
    private final ProgressFanOut fanOut;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

    AssetEventsController(AssetViews views, ProgressFanOut fanOut) {
        this.views = views;
        this.fanOut = fanOut;
    }

    @GetMapping(path = "/api/assets/{assetId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID assetId) throws IOException {
        AssetViews.AssetView snapshot = views.detail(assetId);
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        AutoCloseable subscription = fanOut.subscribe(assetId, progress -> send(emitter, progress));
        open.add(emitter);
        Runnable unsubscribe = () -> {
            open.remove(emitter);
            try {
                subscription.close();
            } catch (Exception ignored) {
                // removing from a concurrent set does not fail
            }
        };
        emitter.onCompletion(unsubscribe);
        emitter.onTimeout(unsubscribe);
        emitter.onError(failure -> unsubscribe.run());
        emitter.send(SseEmitter.event().name("snapshot").data(snapshot, MediaType.APPLICATION_JSON));
        return emitter;
    }

    /**
     * Ends every stream when the application stops, before the web server's graceful shutdown
     * would wait for them: clients reconnect to another instance.
     */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        for (SseEmitter emitter : open) {
            emitter.complete();
        }
        open.clear();
    }

    private static void send(SseEmitter emitter, AssetProgress progress) {
        try {
            emitter.send(SseEmitter.event().name("progress").id(progress.jobId() + ":" + progress.event())
                    .data(progress, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone);
        }
    }
}
