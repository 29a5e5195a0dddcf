package io.wizzygen.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets sealed at rest: a round trip, the master key (variable or key file), and a lost key reported, never a crash. */
class SecretBoxTest {

    private static final String SECRET = "ntn_4a7bSecretValue-ünïcödé-✓";

    @Test
    void aSealedSecretOpensToTheSameTextAndDoesNotContainIt(@TempDir Path folder) {
        SecretBox box = SecretBox.open(folder, null);
        String sealed = box.seal(SECRET);
        assertThat(sealed).startsWith("v1:").doesNotContain(SECRET).doesNotContain("4a7bSecretValue");
        assertThat(box.open(sealed)).isEqualTo(SECRET);
        assertThat(box.open(box.seal(""))).isEmpty();
    }

    @Test
    void sealingTheSameSecretTwiceGivesDifferentTexts(@TempDir Path folder) {
        SecretBox box = SecretBox.open(folder, null);
        String first = box.seal(SECRET);
        String second = box.seal(SECRET);
        assertThat(first).isNotEqualTo(second);
        assertThat(box.open(second)).isEqualTo(SECRET);
    }

    @Test
    void theKeyFileIsCreatedOnFirstUseOwnerOnlyAndReusedWhenReopened(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("nested").resolve("data");
        String sealed = SecretBox.open(data, null).seal(SECRET);
        Path keyFile = data.resolve("master.key");
        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
        assertThat(SecretBox.open(data, "  ").open(sealed)).as("a blank variable falls back to the key file").isEqualTo(SECRET);
        assertThat(SecretBox.open(data, null).open(sealed)).isEqualTo(SECRET);
    }

    @Test
    void theMasterKeyVariableIsUsedInsteadOfTheKeyFile(@TempDir Path folder) {
        String sealed = SecretBox.open(folder, "correct horse battery staple").seal(SECRET);
        assertThat(folder.resolve("master.key")).doesNotExist();
        assertThat(SecretBox.open(folder.resolve("elsewhere"), "correct horse battery staple\n").open(sealed))
                .as("the same variable (a trailing newline ignored) opens it anywhere").isEqualTo(SECRET);
        assertThatThrownBy(() -> SecretBox.open(folder, null).open(sealed)).isInstanceOf(SecretBox.Unreadable.class);
    }

    @Test
    void aDifferentMasterKeyVariableGivesTheClearUnreadableError(@TempDir Path folder) {
        String sealed = SecretBox.open(folder, "key one").seal(SECRET);
        assertThatThrownBy(() -> SecretBox.open(folder, "key two").open(sealed))
                .isInstanceOf(SecretBox.Unreadable.class)
                .hasMessageContaining("cannot be decrypted with this machine's master key")
                .hasMessageContaining("Enter the secret again in Settings");
    }

    @Test
    void aDifferentKeyFileGivesTheClearUnreadableError(@TempDir Path one, @TempDir Path two) throws Exception {
        String sealed = SecretBox.open(one, null).seal(SECRET);
        assertThatThrownBy(() -> SecretBox.open(two, null).open(sealed)).isInstanceOf(SecretBox.Unreadable.class)
                .hasMessageContaining("master.key was replaced");
        Files.delete(one.resolve("master.key"));
        assertThatThrownBy(() -> SecretBox.open(one, null).open(sealed)).as("a lost key file is replaced by a new key")
                .isInstanceOf(SecretBox.Unreadable.class);
    }

    @Test
    void tamperedOrMalformedTextsAreUnreadableNotACrash(@TempDir Path folder) {
        SecretBox box = SecretBox.open(folder, null);
        String sealed = box.seal(SECRET);
        int middle = sealed.length() / 2;
        String tampered = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A') + sealed.substring(middle + 1);
        for (String bad : new String[] {tampered, null, "", SECRET, "v1:", "v1:%%%not-base64%%%", "v1:" + Base64.getEncoder().encodeToString(new byte[5]),
                "v2:" + sealed.substring(3)}) {
            assertThatThrownBy(() -> box.open(bad)).as(String.valueOf(bad)).isInstanceOf(SecretBox.Unreadable.class);
        }
    }

    @Test
    void anUnreadableKeyFileIsAClearErrorNamingTheFileAndTheWayOut(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("master.key"), "this is not base64 !!!");
        assertThatThrownBy(() -> SecretBox.open(folder, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder.resolve("master.key").toString()).hasMessageContaining("WIZZYGEN_MASTER_KEY");
    }

    @Test
    void aKeyFileOfTheWrongLengthIsAClearErrorNamingTheFile(@TempDir Path folder) throws Exception {
        for (String content : new String[] {Base64.getEncoder().encodeToString(new byte[10]), ""}) {
            Files.writeString(folder.resolve("master.key"), content);
            assertThatThrownBy(() -> SecretBox.open(folder, null).seal(SECRET)).as("master.key holding \"" + content + "\"")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(folder.resolve("master.key").toString());
        }
    }
}
