package io.driftmonitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class StoreKeysProperties {

    @Property
    void timeIsTheZeroPaddedDecimalOfAnyLong(@ForAll long t) {
        assertThat(StoreKeys.time(t)).isEqualTo(String.format("%016d", t));
    }

    /** Up to 16 digits, i.e. any epoch millisecond before the year 318,000. */
    @Property
    void timeSortsAsEpochMillis(@ForAll @LongRange(min = 0, max = 9_999_999_999_999_999L) long a,
                                @ForAll @LongRange(min = 0, max = 9_999_999_999_999_999L) long b) {
        assertThat(Integer.signum(StoreKeys.time(a).compareTo(StoreKeys.time(b)))).isEqualTo(Long.signum(Long.compare(a, b)));
    }
}
