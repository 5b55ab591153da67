package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.model.Decoder;
import io.streamcast.model.SamplingSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** model.decoder and training.scheduledSampling as topology files write them, and their one-line refusals. */
class TopologySpecDecoderTest {

    private static TopologySpec parse(String yaml) {
        return YamlConfig.parseTopology("name: t\n" + yaml, List.of());
    }

    private static String refusal(String yaml) {
        String message = assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
        assertEquals(-1, message.indexOf('\n'), "one line: " + message);
        return message;
    }

    @Test
    void theDecodersAreSelectableAndDirectStaysTheDefault() {
        assertEquals(Decoder.DIRECT, parse("model: { cell: gru }\n").decoderValue());
        assertEquals(
                Decoder.AUTOREGRESSIVE,
                parse("model: { decoder: autoregressive }\n").decoderValue());
        assertEquals(
                Decoder.SEQ2SEQ,
                parse("model: { decoder: Seq2Seq, layers: 1 }\n").decoderValue());
    }

    @Test
    void theScheduleDefaultsToALinearRiseAndReadsAsWritten() {
        assertEquals(
                new SamplingSchedule(0, 0.5, 20),
                parse("model: { cell: gru }\n").samplingScheduleValue());
        assertEquals(
                new SamplingSchedule(0.1, 0.9, 5),
                parse("training: { scheduledSampling: { start: 0.1, end: 0.9, epochs: 5 } }\n")
                        .samplingScheduleValue());
        assertEquals(
                SamplingSchedule.TEACHER_FORCING,
                parse("training: { scheduledSampling: { start: 0, end: 0, epochs: 0 } }\n")
                        .samplingScheduleValue());
    }

    @Test
    void anUnknownDecoderIsRefusedNamingTheChoices() {
        assertEquals(
                "model.decoder: unknown decoder 'transformer', expected one of direct, autoregressive, seq2seq",
                refusal("model: { decoder: transformer }\n"));
    }

    @Test
    void aDecoderOverCellsOrAnArchitectureItCannotUnrollIsRefused() {
        assertEquals(
                "model.decoder: the autoregressive and seq2seq decoders unroll gru and lstm cells only, not gru-rnn",
                refusal("model: { decoder: seq2seq, cell: [gru, rnn] }\n"));
        assertEquals(
                "model.decoder: the autoregressive and seq2seq decoders read a forward encoder's final state:"
                        + " no bidirectional, no attention",
                refusal("model: { decoder: autoregressive, bidirectional: true }\n"));
        assertEquals(
                "model.decoder: the autoregressive and seq2seq decoders read a forward encoder's final state:"
                        + " no bidirectional, no attention",
                refusal("model: { decoder: autoregressive, attention: dot }\n"));
    }

    @Test
    void aBadScheduleIsRefusedWithTheReason() {
        assertEquals(
                "training.scheduledSampling: start and end must be probabilities in [0, 1], got 0.0 and 1.5",
                refusal("training: { scheduledSampling: { start: 0, end: 1.5 } }\n"));
        assertEquals(
                "training.scheduledSampling: end (0.2) must not be below start (0.6): the share fed back rises as"
                        + " training goes on",
                refusal("training: { scheduledSampling: { start: 0.6, end: 0.2 } }\n"));
        assertEquals(
                "training.scheduledSampling: epochs must be >= 0, got -1",
                refusal("training: { scheduledSampling: { epochs: -1 } }\n"));
    }
}
