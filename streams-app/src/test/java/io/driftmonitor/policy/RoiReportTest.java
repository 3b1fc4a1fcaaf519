package io.driftmonitor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoiReportTest {

    @Test
    void dailyRetrainingCostsFourteenHundredAWeekAgainstFourHundredForTwoTriggeredRetrains() {
        RoiReport r = RoiReport.compute(200, 7, 0.85, 2, 0.85, null);
        assertThat(r.current().weeklyCost()).isEqualTo(1400.0);
        assertThat(r.proposed().weeklyCost()).isEqualTo(400.0);
        assertThat(r.weeklySavings()).isEqualTo(1000.0);
        assertThat(r.savingsRatio()).isEqualTo(0.7143);
        assertThat(r.netBenefit()).as("same accuracy: the savings").isEqualTo(1000.0);
        assertThat(r.current().weeklyValue()).isNull();
        assertThat(r.toTable()).contains("$1,400.00").contains("$400.00").contains("$1,000.00 per week");
    }

    @Test
    void weeklyAtSixtyFivePercentAgainstTwiceWeeklyAtEightyFivePercentIsWorthItWhenAPointIsWorthFifty() {
        RoiReport r = RoiReport.compute(200, 1, 0.65, 2, 0.85, 50.0);
        assertThat(r.current().weeklyCost()).isEqualTo(200.0);
        assertThat(r.proposed().weeklyCost()).isEqualTo(400.0);
        assertThat(r.weeklySavings()).isEqualTo(-200.0);
        assertThat(r.savingsRatio()).isEqualTo(-1.0);
        assertThat(r.current().weeklyValue()).isEqualTo(3250.0);
        assertThat(r.proposed().weeklyValue()).isEqualTo(4250.0);
        assertThat(r.netBenefit()).isEqualTo(800.0);
    }

    @Test
    void shouldNotGuessTheNetBenefitOfAnAccuracyChangeWithoutItsValue() {
        RoiReport r = RoiReport.compute(200, 1, 0.65, 2, 0.85, null);
        assertThat(r.netBenefit()).isNull();
        assertThat(r.toTable()).contains("unknown");
        assertThat(RoiReport.compute(0, 0, 0.9, 0, 0.9, null).savingsRatio()).isNull();
    }

    @Test
    void shouldNameTheBadInput() {
        assertThatThrownBy(() -> RoiReport.compute(200, 7, 85, 2, 0.85, null))
            .hasMessageStartingWith("current_accuracy: must be a fraction between 0 and 1");
        assertThatThrownBy(() -> RoiReport.compute(-1, 7, 0.85, 2, 0.85, null)).hasMessageStartingWith("retrain_cost:");
        assertThatThrownBy(() -> RoiReport.compute(200, 7, 0.85, Double.NaN, 0.85, null)).hasMessageStartingWith("proposed_per_week:");
        assertThatThrownBy(() -> RoiReport.compute(200, 7, 0.85, 2, 0.85, -3.0)).hasMessageStartingWith("value_per_accuracy_point:");
    }
}
