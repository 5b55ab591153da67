package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench --vary}: the topology settings of every configuration a sweep over fields makes. */
class BenchVaryTest {
    @Test
    void everyCombinationOfTheVariedFieldsFollowsTheFixedSettingsInTheOrderGiven() {
        List<List<String>> variants = BenchCommand.settingVariants(
                List.of("training.cpuShare=0.5"),
                List.of("training.maxWaitingExamples=default,500", "model.carryState=true,false"));
        assertEquals(
                List.of(
                        List.of("training.cpuShare=0.5", "model.carryState=true"),
                        List.of("training.cpuShare=0.5", "model.carryState=false"),
                        List.of("training.cpuShare=0.5", "training.maxWaitingExamples=500", "model.carryState=true"),
                        List.of("training.cpuShare=0.5", "training.maxWaitingExamples=500", "model.carryState=false")),
                variants);
    }

    @Test
    void commasInsideAListBelongToTheValueAndWithoutVaryThereIsOneConfiguration() {
        assertEquals(
                List.of(List.of("model.cell=[gru,lstm]"), List.of("model.cell=gru")),
                BenchCommand.settingVariants(List.of(), List.of("model.cell=[gru,lstm],gru")));
        assertEquals(List.of(List.of("a=1")), BenchCommand.settingVariants(List.of("a=1"), List.of()));
    }

    @Test
    void aVaryWithoutValuesIsRefusedWithTheOptionsShape() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BenchCommand.settingVariants(List.of(), List.of("training.cpuShare")));
        assertEquals("--vary: PATH=V1,V2,..., got training.cpuShare", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> BenchCommand.settingVariants(List.of(), List.of("training.cpuShare=0.5,,1")));
    }
}
