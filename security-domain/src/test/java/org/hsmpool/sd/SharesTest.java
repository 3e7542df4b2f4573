package org.hsmpool.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hsmpool.sd.SecurityDomainException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SharesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String POOL = "pool-shares";

    static Stream<Arguments> everyNAndM() {
        return IntStream.rangeClosed(Limits.MIN_SHARES, Limits.MAX_SHARES).boxed()
                .flatMap(n -> IntStream.rangeClosed(Limits.MIN_REQUIRED, n).mapToObj(m -> Arguments.of(n, m)));
    }

    @ParameterizedTest(name = "N={0} M={1}")
    @MethodSource("everyNAndM")
    void everyQuorumRecombinesAndEverySmallerSetIsRefusedByTheCheckValue(int n, int m) {
        byte[] master = master();
        CheckValue checkValue = CheckValue.of(master, POOL);
        List<Share> shares = Shares.split(master, n, m, RANDOM);
        assertThat(shares).extracting(Share::index).containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());

        List<List<Share>> quorums = subsets(shares, m);
        assertThat(quorums).hasSize(binomial(n, m));
        for (List<Share> quorum : quorums) {
            assertThat(Shares.join(quorum, m, POOL, checkValue)).isEqualTo(master);
        }
        assertThat(Shares.join(shares, m, POOL, checkValue)).as("all N shares").isEqualTo(master);

        for (List<Share> shortSet : subsets(shares, m - 1)) {
            assertThatThrownBy(() -> Shares.join(shortSet, m, POOL, checkValue))
                    .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.TOO_FEW_SHARES);
            // Even when the quorum rule is bypassed (a blob whose M was lowered), the check value refuses.
            assertThatThrownBy(() -> Shares.recombine(shortSet, POOL, checkValue))
                    .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_SHARES);
        }
    }

    @ParameterizedTest(name = "N={0} M={1}")
    @CsvSource({"2,2", "11,2", "3,1", "3,4", "10,11", "0,0", "-1,2"})
    void splitRefusesCountsOutOfRange(int n, int m) {
        assertThatThrownBy(() -> Shares.split(master(), n, m, RANDOM))
                .isInstanceOf(SecurityDomainException.class)
                .hasMessageMatching(".*(share_count \\(N\\)|required \\(M\\)).*")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void splitRefusesAMasterThatIsNot32Bytes(int length) {
        assertThatThrownBy(() -> Shares.split(new byte[length], 3, 2, RANDOM))
                .hasMessageContaining("32 bytes")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    }

    @Test
    void joinRefusesTheSameShareTwice() {
        byte[] master = master();
        List<Share> shares = Shares.split(master, 5, 3, RANDOM);
        List<Share> twice = List.of(shares.get(0), shares.get(1), shares.get(1));
        assertThatThrownBy(() -> Shares.join(twice, 3, POOL, CheckValue.of(master, POOL)))
                .hasMessageContaining("share index 2 is given twice")
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.DUPLICATE_SHARE);
    }

    @ParameterizedTest(name = "byte {0}")
    @ValueSource(ints = {0, 1, 7, 15, 16, 30, 31})
    void aCorruptedShareIsRefusedByTheCheckValue(int position) {
        byte[] master = master();
        List<Share> shares = Shares.split(master, 4, 3, RANDOM);
        byte[] corrupted = shares.get(2).value();
        corrupted[position] ^= 0x01;
        List<Share> quorum = List.of(shares.get(0), shares.get(1), new Share(3, corrupted));
        assertThatThrownBy(() -> Shares.join(quorum, 3, POOL, CheckValue.of(master, POOL)))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_SHARES);
    }

    @Test
    void sharesOfTwoSplitsOfTheSameMasterDoNotMix() {
        byte[] master = master();
        List<Share> first = Shares.split(master, 5, 3, RANDOM);
        List<Share> second = Shares.split(master, 5, 3, RANDOM);
        List<Share> mixed = List.of(first.get(0), first.get(1), second.get(2));
        assertThatThrownBy(() -> Shares.join(mixed, 3, POOL, CheckValue.of(master, POOL)))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_SHARES);
    }

    @Test
    void sharesOfAnotherMasterOrAnotherPoolAreRefused() {
        byte[] master = master();
        List<Share> shares = Shares.split(master(), 3, 2, RANDOM);
        assertThatThrownBy(() -> Shares.join(shares, 2, POOL, CheckValue.of(master, POOL)))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_SHARES);
        List<Share> own = Shares.split(master, 3, 2, RANDOM);
        assertThatThrownBy(() -> Shares.join(own, 2, "other-pool", CheckValue.of(master, POOL)))
                .extracting(e -> ((SecurityDomainException) e).reason()).isEqualTo(Reason.WRONG_SHARES);
    }

    @Test
    void errorsAndToStringNeverShowSecretBytes() {
        byte[] master = master();
        List<Share> shares = Shares.split(master, 3, 2, RANDOM);
        byte[] corrupted = shares.get(1).value();
        corrupted[0] ^= 1;
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() ->
                Shares.join(List.of(shares.get(0), new Share(2, corrupted)), 2, POOL, CheckValue.of(master, POOL)));
        List<String> secrets = new ArrayList<>(Secrets.encodings(master));
        for (Share share : shares) {
            secrets.addAll(Secrets.encodings(share.value()));
        }
        assertThat(error).isInstanceOf(SecurityDomainException.class);
        assertThat(error.toString() + shares + shares.get(0)).doesNotContain(secrets);
        assertThat(shares.get(0).toString()).isEqualTo("Share[index=1]");
    }

    @Test
    void destroyZeroesAShare() {
        Share share = Shares.split(master(), 3, 2, RANDOM).get(0);
        share.destroy();
        assertThat(share.isDestroyed()).isTrue();
        assertThatThrownBy(share::value).isInstanceOf(IllegalStateException.class);
    }

    static byte[] master() {
        byte[] master = new byte[Limits.MASTER_BYTES];
        RANDOM.nextBytes(master);
        return master;
    }

    private static <T> List<List<T>> subsets(List<T> items, int size) {
        List<List<T>> result = new ArrayList<>();
        for (int mask = 0; mask < 1 << items.size(); mask++) {
            if (Integer.bitCount(mask) == size) {
                List<T> subset = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    if ((mask & 1 << i) != 0) {
                        subset.add(items.get(i));
                    }
                }
                result.add(subset);
            }
        }
        return result;
    }

    private static int binomial(int n, int k) {
        long result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return (int) result;
    }
}
