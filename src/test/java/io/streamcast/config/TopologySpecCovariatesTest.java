package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.model.CalendarFeature;
import io.streamcast.model.Covariates;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.NetworkTaskModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code features} and {@code calendar} as topology files write them, and their one-line refusals. */
class TopologySpecCovariatesTest {

    private static TopologySpec parse(String yaml) {
        return YamlConfig.parseTopology("name: t\nwindow: 6\nhorizon: 2\n" + yaml, List.of());
    }

    private static String refusal(String yaml) {
        String message = assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
        assertEquals(-1, message.indexOf('\n'), "one line: " + message);
        return message;
    }

    @Test
    void noCovariatesByDefaultSoTheInputIsTheOneErrorChannel() {
        TopologySpec spec = parse("model: { cell: gru }\n");
        assertEquals(Covariates.NONE, spec.covariatesValue());
        assertEquals(1, spec.inputFeatures());
        assertEquals(1, NetworkSpecs.of(spec).inputFeatures());
    }

    @Test
    void observedFeaturesAndTheCalendarAddTheirChannelsInTheOrderWritten() {
        TopologySpec spec = parse("""
                features: [{ name: price }, { name: promo, known: observed }]
                calendar: [dayOfWeek, hourOfDay]
                """);
        assertEquals(
                new Covariates(
                        List.of("price", "promo"), List.of(CalendarFeature.DAY_OF_WEEK, CalendarFeature.HOUR_OF_DAY)),
                spec.covariatesValue());
        assertEquals(1 + 2 + 2 * 2, spec.inputFeatures());
        assertEquals(7, NetworkSpecs.of(spec).inputFeatures());
        assertEquals(7, NetworkSpecs.encoder(spec).inputFeatures());
    }

    @Test
    void aUserFeatureKnownAheadIsRefusedSayingWhy() {
        assertEquals(
                "features[0].known: ahead is not supported for 'price': an observation carries only its own step's"
                        + " features, never future ones; use observed, or calendar: for known-ahead features",
                refusal("features: [{ name: price, known: ahead }]\n"));
    }

    @Test
    void badCovariatesAreRefusedNamingTheField() {
        assertEquals(
                "features[1].name: 'price' is listed twice", refusal("features: [{ name: price }, { name: price }]\n"));
        assertEquals("features[0].name: must name a feature", refusal("features: [{ known: observed }]\n"));
        assertEquals(
                "features[0].known: must be observed or ahead, not 'sometimes'",
                refusal("features: [{ name: x, known: sometimes }]\n"));
        assertEquals(
                "calendar: unknown calendar feature 'minuteOfHour': expected hourOfDay, dayOfWeek or monthOfYear",
                refusal("calendar: [minuteOfHour]\n"));
        assertEquals(
                "zone: 'Europe/Bonn' is not a time zone (a region such as Europe/Berlin, UTC or an offset such as"
                        + " +01:00)",
                refusal("zone: Europe/Bonn\n"));
    }

    @Test
    void theFeedBackDecodersRefuseCovariates() {
        assertEquals(
                "model.decoder: the autoregressive and seq2seq decoders feed back one value per step and take no"
                        + " covariates, not 3 input channels: use decoder direct with features or calendar",
                refusal("calendar: [hourOfDay]\nmodel: { cell: gru, decoder: seq2seq }\n"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{ cell: gru, hidden: 4, layers: 1 }",
                "{ cell: lstm, hidden: 4, layers: 1 }",
                "{ cell: rnn, hidden: 4, layers: 2, bidirectional: true }",
                "{ cell: gru, hidden: 4, layers: 1, bidirectional: true, attention: dot }"
            })
    void aCheckpointOfAnotherInputWidthIsRefusedInOneLine(String model) {
        TopologySpec plain = parse("model: " + model + "\n");
        VersionedModel checkpoint = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(plain)), false);
        TopologySpec withFeature = parse("model: " + model + "\nfeatures: [{ name: price }]\n");
        String message = assertThrows(ConfigException.class, () -> NetworkTaskModels.frozen(withFeature, checkpoint))
                .getMessage();
        assertEquals(
                "checkpoint for topology t: checkpoint reads 1 input channels per step but the topology feeds 2"
                        + " (the error channel and its features and calendar); train it again with this topology",
                message);
    }
}
