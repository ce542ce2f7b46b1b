package io.reelport.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageKeysTest {

    final UUID asset = UUID.fromString("0190c2a4-1111-7000-8000-000000000001");
    final UUID version = UUID.fromString("0190c2a4-2222-7000-8000-000000000002");
    final UUID upload = UUID.fromString("0190c2a4-3333-7000-8000-000000000003");

    @Test
    void keysFollowTheDesignLayout() {
        assertThat(StorageKeys.staging(asset, upload, SafeFilename.of("My Clip.MOV")))
                .isEqualTo("staging/" + asset + "/" + upload + "/My Clip.MOV");
        assertThat(StorageKeys.master(asset, version, "MOV"))
                .isEqualTo("masters/" + asset + "/" + version + "/source.mov");
        assertThat(StorageKeys.previewPrefix(asset, version)).isEqualTo("previews/" + asset + "/" + version + "/");
        assertThat(StorageKeys.preview(asset, version, "hls/720p/index.m3u8"))
                .isEqualTo("previews/" + asset + "/" + version + "/hls/720p/index.m3u8");
        assertThat(StorageKeys.manifest(asset, version)).endsWith("/" + version + "/manifest.json");
        assertThat(StorageKeys.playbackPrefix(asset, version)).isEqualTo(asset + "/" + version + "/");
    }

    @Test
    void masterExtensionIsNormalised() {
        assertThat(StorageKeys.master(asset, version, "")).endsWith("/source.bin");
        assertThat(StorageKeys.master(asset, version, null)).endsWith("/source.bin");
        assertThat(StorageKeys.master(asset, version, "m/p4")).endsWith("/source.mp4");
        assertThat(StorageKeys.master(asset, version, "../")).endsWith("/source.bin");
    }

    @Test
    void previewPathsCannotEscapeTheirPrefix() {
        assertThatThrownBy(() -> StorageKeys.preview(asset, version, "../other/manifest.json"))
                .isInstanceOf(IllegalArgumentException.class);
        for (String bad : new String[] {"/abs", "hls//x.m3u8", "hls/./x", "hls\\x", "", "hls/"}) {
            assertThatThrownBy(() -> StorageKeys.preview(asset, version, bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(StorageKeys.preview(asset, version, "thumbs/a..b.jpg")).endsWith("/thumbs/a..b.jpg");
    }
}
