package io.driftmonitor.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsHealthTest {
    @ParameterizedTest
    @EnumSource(value = State.class, names = {"ERROR", "PENDING_ERROR", "NOT_RUNNING", "PENDING_SHUTDOWN"})
    void shouldBeNeitherLiveNorReadyWhenTheClientFailedOrStops(State state) {
        StreamsHealth.Assessment a = StreamsHealth.assess(state, -1, 2, true);
        assertThat(a.live()).isFalse();
        assertThat(a.ready()).isFalse();
        assertThat(a.detail()).contains(state.name());
    }

    @Test
    void shouldNotBeLiveWithFewerStreamThreadsThanConfigured() {
        StreamsHealth.Assessment a = StreamsHealth.assess(State.RUNNING, 1, 2, true);
        assertThat(a.live()).isFalse();
        assertThat(a.ready()).isFalse();
        assertThat(a.detail()).isEqualTo("only 1 of 2 stream threads are alive");
        assertThat(StreamsHealth.assess(State.RUNNING, 2, 2, true).live()).isTrue();
        assertThat(StreamsHealth.assess(State.RUNNING, 3, 2, true).live()).isTrue();
    }

    @Test
    void shouldStayReadyThroughARebalanceOnceItHasBeenRunning() {
        assertThat(StreamsHealth.assess(State.REBALANCING, 2, 2, true).ready()).isTrue();
        assertThat(StreamsHealth.assess(State.RUNNING, 2, 2, true).ready()).isTrue();
    }

    @Test
    void shouldBeLiveButNotReadyWhileStarting() {
        for (State starting : new State[] {State.CREATED, State.REBALANCING}) {
            StreamsHealth.Assessment a = StreamsHealth.assess(starting, starting == State.CREATED ? -1 : 1, 1, false);
            assertThat(a.live()).as(starting.name()).isTrue();
            assertThat(a.ready()).as(starting.name()).isFalse();
            assertThat(a.detail()).contains("has not been RUNNING yet");
        }
    }
}
