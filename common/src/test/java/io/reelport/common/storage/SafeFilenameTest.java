package io.reelport.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeFilenameTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "holiday.mp4 | holiday.mp4",
            "../../etc/passwd | passwd",
            "C:\\Users\\me\\clip.MOV | clip.MOV",
            "..hidden.mov | hidden.mov",
            "'  spaced   out  .mp4 ' | spaced out.mp4",
            "'' | upload",
            "... | upload",
            ".mp4 | mp4",
            "/ | upload",
            "名前のない動画.mp4 | 名前のない動画.mp4",
            "trailing dots....mov | trailing dots.mov",
            "archive.tar.gz | archive.tar.gz",
    })
    void sanitizes(String raw, String expected) {
        assertThat(SafeFilename.of(raw).value()).isEqualTo(expected);
    }

    @Test
    void dropsControlAndBidiCharactersThatCouldDisguiseAnExtension() {
        assertThat(SafeFilename.of("evil\u202Egpj.exe").value()).isEqualTo("evilgpj.exe");
        assertThat(SafeFilename.of("a\u0000b\nc\td.mp4").value()).isEqualTo("ab c d.mp4");
        assertThat(SafeFilename.of("what?<>:|*.mp4").value()).isEqualTo("what______.mp4");
        assertThat(SafeFilename.of(null).value()).isEqualTo("upload");
    }

    @Test
    void normalisesToNfcSoTheSameNameIsTheSameKey() {
        String decomposed = "Cafe\u0301.mov";
        assertThat(SafeFilename.of(decomposed).value()).isEqualTo("Café.mov");
    }

    @Test
    void boundsTheLengthInBytesAndKeepsTheExtension() {
        SafeFilename name = SafeFilename.of("é".repeat(500) + ".mp4");

        assertThat(name.value()).endsWith(".mp4");
        assertThat(name.value().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeFilename.MAX_BYTES);
        assertThat(name.extension()).isEqualTo("mp4");
    }

    @Test
    void extensionIsLowerCaseOrEmpty() {
        assertThat(SafeFilename.of("CLIP.MOV").extension()).isEqualTo("mov");
        assertThat(SafeFilename.of("noext").extension()).isEmpty();
    }

    @Test
    void droppingACharacterBetweenCombiningMarksStillYieldsAStableName() {
        String raw = "\u0300\uFFFF\u0316"; // found by the property below: U+FFFF is dropped, the marks reorder
        String safe = SafeFilename.of(raw).value();
        assertThat(SafeFilename.of(safe).value()).isEqualTo(safe);
    }

    @Test
    void aLongDottedTailTruncatedIntoAnExtensionStillYieldsAStableName() {
        // found by the property below: the tail after the last dot is too long to be an extension
        // until truncation shortens it, and then it must not change again on a second pass
        String raw = "x".repeat(150) + ".\u20D0" + "镌".repeat(30);
        String safe = SafeFilename.of(raw).value();
        assertThat(SafeFilename.of(safe).value()).isEqualTo(safe);
        assertThat(safe.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeFilename.MAX_BYTES);
    }

    @Property(tries = 20000)
    void anyInputYieldsASafeName(@ForAll @StringLength(max = 400) String raw) {
        String safe = SafeFilename.of(raw).value();

        assertThat(safe).isNotEmpty().doesNotContain("/", "\\").doesNotStartWith(".").doesNotStartWith(" ");
        assertThat(safe.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeFilename.MAX_BYTES);
        assertThat(safe.codePoints().noneMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.SURROGATE)).isTrue();
        assertThat(SafeFilename.of(safe).value()).as("sanitizing is idempotent").isEqualTo(safe);
    }
}
