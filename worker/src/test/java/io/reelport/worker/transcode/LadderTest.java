package io.reelport.worker.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.worker.platform.WorkerProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderTest {

    final Ladder ladder = Ladder.parse(WorkerProperties.DEFAULT_LADDER);

    @Test
    void aFullHdSourceGetsTheDefaultRungsUpTo1080p() {
        List<Ladder.Variant> variants = ladder.variantsFor(1920, 1080, 30);
        assertThat(variants).extracting(Ladder.Variant::name).containsExactly("240p", "360p", "480p", "720p", "1080p");
        assertThat(variants.get(0)).isEqualTo(new Ladder.Variant("240p", 426, 240, 400, 440, 800));
        assertThat(variants.get(4).width()).isEqualTo(1920);
    }

    @Test
    void higherRungsOnlyWhenTheSourceIsHigher() {
        assertThat(ladder.variantsFor(3840, 2160, 25)).extracting(Ladder.Variant::name).endsWith("1440p", "2160p");
        assertThat(ladder.variantsFor(1280, 720, 25)).extracting(Ladder.Variant::name).containsExactly("240p", "360p", "480p", "720p");
    }

    @Test
    void neverAboveTheSource() {
        for (int[] size : new int[][] {{640, 360}, {1000, 562}, {720, 1280}, {4096, 2160}, {352, 288}}) {
            for (Ladder.Variant variant : ladder.variantsFor(size[0], size[1], 30)) {
                assertThat(variant.width()).isLessThanOrEqualTo(size[0] + 1);
                assertThat(variant.height()).isLessThanOrEqualTo(size[1] + 1);
                assertThat(variant.width() % 2).isZero();
                assertThat(variant.height() % 2).isZero();
            }
        }
    }

    @Test
    void portraitVideoIsLadderedByItsShortSide() {
        List<Ladder.Variant> variants = ladder.variantsFor(720, 1280, 30);
        assertThat(variants).extracting(Ladder.Variant::name).containsExactly("240p", "360p", "480p", "720p");
        assertThat(variants.get(3)).extracting(Ladder.Variant::width, Ladder.Variant::height).containsExactly(720, 1280);
        assertThat(variants.get(0)).extracting(Ladder.Variant::width, Ladder.Variant::height).containsExactly(240, 426);
    }

    @Test
    void aSourceSmallerThanEveryRungGetsOneRungAtItsOwnSize() {
        List<Ladder.Variant> variants = ladder.variantsFor(320, 180, 25);
        assertThat(variants).hasSize(1);
        assertThat(variants.get(0)).extracting(Ladder.Variant::name, Ladder.Variant::width, Ladder.Variant::height)
                .containsExactly("180p", 320, 180);
        assertThat(variants.get(0).videoKbps()).isBetween(100, 400);
    }

    @Test
    void bitrateScalesWithFrameRateAbove30() {
        int at30 = ladder.variantsFor(1280, 720, 30).get(3).videoKbps();
        assertThat(ladder.variantsFor(1280, 720, 24).get(3).videoKbps()).isEqualTo(at30);
        assertThat(ladder.variantsFor(1280, 720, 60).get(3).videoKbps()).isEqualTo(at30 * 3 / 2);
        assertThat(ladder.variantsFor(1280, 720, 120).get(3).videoKbps()).isEqualTo(at30 * 3 / 2);
        assertThat(ladder.variantsFor(1280, 720, 45).get(3).videoKbps()).isEqualTo(Math.round(at30 * 1.25f));
    }

    @Test
    void refusesABadLadder() {
        assertThatThrownBy(() -> Ladder.parse("720p:720")).hasMessageContaining("name:short-side:kbps");
        assertThatThrownBy(() -> Ladder.parse("720p:721:2000")).hasMessageContaining("even");
        assertThatThrownBy(() -> Ladder.parse("a:240:400,a:360:800")).hasMessageContaining("unique");
        assertThatThrownBy(() -> Ladder.parse("../x:240:400")).hasMessageContaining("name");
    }
}
