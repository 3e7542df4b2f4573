package org.hsmpool.pool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hsmpool.pool.store.StoreAssertions.assertFailsWith;
import static org.hsmpool.pool.store.StoreAssertions.assertSameVersion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyVersionsTest {
    @TempDir
    Path dir;
    PoolStore store;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("pool.db"));
    }

    @Test
    void aVersionComesBackExactlyAsStored() {
        var tags = new LinkedHashMap<String, String>();
        tags.put("purpose", "payments");
        tags.put("owner", "");
        var properties = new KeyProperties(false, Fixtures.T0.plusMillis(1), Fixtures.T0.plusSeconds(3600),
                List.of("verify", "sign", "wrapKey"), tags);
        var v = new NewKeyVersion("Payments-Key-1", Fixtures.hex32(), "RSA-HSM", "{\"kty\":\"RSA\",\"n\":\"AQAB\"}",
                Fixtures.sealed(), properties, true, Fixtures.T0, Fixtures.T0.plusMillis(7));

        long seq = store.appendKeyVersion(v, Fixtures.NO_PAYLOAD);

        var expected = new KeyVersion(v.name(), v.versionId(), seq, "RSA-HSM", v.publicJwk(), v.sealedKey(),
                properties, true, Fixtures.T0, Fixtures.T0.plusMillis(7));
        assertThat(store.keyVersion("Payments-Key-1", v.versionId()))
                .hasValueSatisfying(actual -> assertSameVersion(actual, expected));
        assertThat(store.keyVersion("Payments-Key-1", v.versionId()).orElseThrow().properties().keyOps())
                .containsExactly("verify", "sign", "wrapKey");
    }

    @Test
    void aSymmetricKeyHasNoPublicJwk() {
        var v = new NewKeyVersion("aes", Fixtures.hex32(), "oct-HSM", null, Fixtures.sealed(),
                new KeyProperties(true, null, null, List.of("encrypt", "decrypt"), Map.of()), false, Fixtures.T0,
                Fixtures.T0);
        store.appendKeyVersion(v, Fixtures.NO_PAYLOAD);

        assertThat(store.latestVersion("aes")).hasValueSatisfying(k -> assertThat(k.publicJwk()).isNull());
    }

    @Test
    void theLatestVersionIsTheLastOneCreated() {
        KeyVersion first = Fixtures.append(store, "rotating");
        Fixtures.append(store, "other");
        KeyVersion second = Fixtures.append(store, "rotating");

        assertThat(second.seq()).isGreaterThan(first.seq());
        assertThat(store.latestVersion("rotating")).hasValueSatisfying(v -> assertSameVersion(v, second));
        assertThat(store.keyVersion("rotating", first.versionId())).hasValueSatisfying(v -> assertSameVersion(v, first));
        assertThat(store.keyVersion("other", first.versionId())).isEmpty();
        assertThat(store.latestVersion("missing")).isEmpty();
    }

    @Test
    void aVersionIdIsUniqueAcrossNamesAndAFailedAppendLeavesNoTrace() {
        KeyVersion existing = Fixtures.append(store, "a");
        long head = store.logHead();

        assertFailsWith(StoreException.Code.CONFLICT, () -> store.appendKeyVersion(
                Fixtures.version("b", existing.versionId(), Fixtures.SIGNING), Fixtures.NO_PAYLOAD));

        assertThat(store.latestVersion("b")).isEmpty();
        assertThat(store.logHead()).isEqualTo(head);
        assertThat(Fixtures.append(store, "b").seq()).isEqualTo(head + 1);
    }

    @Test
    void updatingPropertiesReplacesThemAndLogsTheChange() {
        KeyVersion v = Fixtures.append(store, "k");
        var updated = new KeyProperties(false, null, Fixtures.T0.plusSeconds(10), List.of("verify"),
                Map.of("env", "prod"));

        long seq = store.updateKeyProperties("k", v.versionId(), updated, Fixtures.T0.plusSeconds(1), new byte[] {7});

        KeyVersion after = store.keyVersion("k", v.versionId()).orElseThrow();
        assertThat(after.properties()).isEqualTo(updated);
        assertThat(after.updated()).isEqualTo(Fixtures.T0.plusSeconds(1));
        assertThat(after.created()).isEqualTo(v.created());
        assertThat(after.sealedKey()).isEqualTo(v.sealedKey());
        assertThat(store.readLog(seq - 1, 1)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LogKind.KEY_ATTRIBUTES_UPDATED);
            assertThat(e.versionId()).isEqualTo(v.versionId());
            assertThat(e.payload()).containsExactly(7);
        });
        assertFailsWith(StoreException.Code.NOT_FOUND, () -> store.updateKeyProperties("other", v.versionId(),
                updated, Fixtures.T0, Fixtures.NO_PAYLOAD));
    }

    @Test
    void listingKeysPagesThroughTheLatestVersionOfEveryNameWithContinuation() {
        var latest = new TreeMap<String, String>();
        for (int i = 0; i < 60; i++) {
            String name = "key-" + String.format("%02d", 59 - i);
            for (int v = 0; v <= i % 3; v++) {
                latest.put(name, Fixtures.append(store, name).versionId());
            }
        }

        var names = new ArrayList<String>();
        var sizes = new ArrayList<Integer>();
        String token = null;
        do {
            Page<KeyVersion> page = store.listKeys(token, 25);
            sizes.add(page.items().size());
            page.items().forEach(v -> {
                names.add(v.name());
                assertThat(v.versionId()).isEqualTo(latest.get(v.name()));
            });
            token = page.continuation();
        } while (token != null);

        assertThat(sizes).containsExactly(25, 25, 10);
        assertThat(names).containsExactlyElementsOf(latest.keySet());
    }

    @Test
    void aContinuationStaysValidWhenNamesAreAddedAndRemovedBetweenPages() {
        IntStream.range(0, 6).forEach(i -> Fixtures.append(store, "k" + i));
        Page<KeyVersion> first = store.listKeys(null, 3);
        assertThat(first.items()).extracting(KeyVersion::name).containsExactly("k0", "k1", "k2");

        Fixtures.append(store, "k00"); // sorts before the position: not seen again
        Fixtures.append(store, "k6");
        store.deleteKey("k4", Fixtures.T0, Fixtures.T0.plusSeconds(1), "r", Fixtures.NO_PAYLOAD);

        Page<KeyVersion> second = store.listKeys(first.continuation(), 25);
        assertThat(second.items()).extracting(KeyVersion::name).containsExactly("k3", "k5", "k6");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void listingVersionsPagesOldestFirst() {
        var ids = IntStream.range(0, 30).mapToObj(i -> Fixtures.append(store, "many").versionId()).toList();
        Fixtures.append(store, "noise");

        Page<KeyVersion> first = store.listVersions("many", null, 25);
        Page<KeyVersion> second = store.listVersions("many", first.continuation(), 25);

        assertThat(first.items()).extracting(KeyVersion::versionId).containsExactlyElementsOf(ids.subList(0, 25));
        assertThat(second.items()).extracting(KeyVersion::versionId).containsExactlyElementsOf(ids.subList(25, 30));
        assertThat(second.continuation()).isNull();
        assertThat(store.listVersions("missing", null, 25).items()).isEmpty();
    }

    @Test
    void aContinuationWorksOnlyForTheListingThatIssuedIt() {
        IntStream.range(0, 3).forEach(i -> Fixtures.append(store, "a"));
        Fixtures.append(store, "b");
        String versionsOfA = store.listVersions("a", null, 1).continuation();
        String keys = store.listKeys(null, 1).continuation();

        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listVersions("b", versionsOfA, 1));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listKeys(versionsOfA, 1));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listDeletedKeys(keys, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "a2V5cw", "a2V5czo", "dmVyc2lvbnMvYTp4"})
    void aMalformedContinuationIsABadArgument(String token) {
        Fixtures.append(store, "a");

        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listKeys(token, 25));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listVersions("a", token, 25));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 26, 1000})
    void aPageHoldsOneToTwentyFiveItems(int limit) {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listKeys(null, limit));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listVersions("a", null, limit));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.listDeletedKeys(null, limit));
    }

    @Test
    void aVersionHasAtMostFifteenTags() {
        var tags = new TreeMap<String, String>();
        IntStream.range(0, 15).forEach(i -> tags.put("t" + i, "v"));
        new KeyProperties(true, null, null, List.of(), tags);
        tags.put("t15", "v");

        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> new KeyProperties(true, null, null, List.of(), tags));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "under_score", "ünicode", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"})
    void aKeyNameOutsideTheKeyVaultAlphabetIsRefused(String name) {
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> store.latestVersion(name));
        assertFailsWith(StoreException.Code.INVALID_ARGUMENT, () -> Fixtures.version(name));
    }

    @Test
    void aVersionPrintsNoSealedBytes() {
        KeyVersion v = Fixtures.append(store, "quiet");
        String hex = HexFormat.of().formatHex(v.sealedKey());

        assertThat(v.toString()).doesNotContain(hex.substring(0, 16)).contains("sealed " + v.sealedKey().length);
    }
}
