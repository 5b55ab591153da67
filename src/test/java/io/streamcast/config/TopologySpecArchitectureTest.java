package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.Attention;
import io.streamcast.model.Cell;
import java.util.List;
import org.junit.jupiter.api.Test;

/** model.cell (one cell or one per layer), model.bidirectional and model.attention as topology files write them. */
class TopologySpecArchitectureTest {

    private static TopologySpec parse(String model, String... overrides) {
        return YamlConfig.parseTopology("name: t\nmodel: " + model + "\n", List.of(overrides));
    }

    @Test
    void oneCellStacksLayersOfItAsBefore() {
        TopologySpec spec = parse("{ cell: gru }");
        assertEquals(List.of(Cell.GRU, Cell.GRU), spec.cellsValue());
        assertEquals(2, spec.model.layers);
        assertEquals("gru", spec.modelName());
        assertFalse(spec.model.bidirectional);
        assertEquals(Attention.NONE, spec.attentionValue());
        assertEquals(
                List.of(Cell.LSTM, Cell.LSTM, Cell.LSTM),
                parse("{ cell: LSTM, layers: 3 }").cellsValue());
        assertEquals("lstm", parse("{ cell: LSTM, layers: 3 }").modelName());
    }

    @Test
    void aListNamesOneCellPerLayerBottomFirstAndSetsTheLayers() {
        TopologySpec spec = parse("{ cell: [gru, lstm, rnn] }");
        assertEquals(List.of(Cell.GRU, Cell.LSTM, Cell.RNN), spec.cellsValue());
        assertEquals(3, spec.model.layers);
        assertEquals("gru-lstm-rnn", spec.modelName());
        assertEquals("gru-lstm-rnn", spec.model.cell, "what logs and metrics tags name the stack");
    }

    @Test
    void aListAgreesWithLayersWhenBothAreWritten() {
        assertEquals(2, parse("{ cell: [gru, lstm], layers: 2 }").model.layers);
        ConfigException e = assertThrows(ConfigException.class, () -> parse("{ cell: [gru, lstm], layers: 3 }"));
        assertEquals(
                "model.layers: is 3 but model.cell names 2 cells, one per layer: make it 2 or leave it out",
                e.getMessage());
        ConfigException override =
                assertThrows(ConfigException.class, () -> parse("{ cell: [gru, lstm] }", "model.layers=1"));
        assertTrue(override.getMessage().startsWith("--set model.layers=1: model.layers: is 1"), override.getMessage());
    }

    @Test
    void aOneElementListIsOneLayer() {
        TopologySpec spec = parse("{ cell: [lstm] }");
        assertEquals(List.of(Cell.LSTM), spec.cellsValue());
        assertEquals(1, spec.model.layers);
    }

    @Test
    void theStackNameAndAnOverrideListWorkLikeTheYamlList() {
        assertEquals(List.of(Cell.GRU, Cell.LSTM), parse("{ cell: gru-lstm }").cellsValue());
        TopologySpec overridden = parse("{ cell: gru, layers: 2 }", "model.cell=[lstm, gru, gru]", "model.layers=3");
        assertEquals(List.of(Cell.LSTM, Cell.GRU, Cell.GRU), overridden.cellsValue());
        assertEquals("lstm-gru-gru", overridden.modelName());
    }

    @Test
    void anUnknownCellInTheListIsOneLineNamingTheField() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("{ cell: [gru, lsmt] }"));
        assertEquals("model.cell: unknown cell 'lsmt', expected one of gru, lstm, rnn", e.getMessage());
        ConfigException empty = assertThrows(ConfigException.class, () -> parse("{ cell: [] }"));
        assertTrue(empty.getMessage().startsWith("model.cell: unknown cell ''"), empty.getMessage());
        ConfigException nested = assertThrows(ConfigException.class, () -> parse("{ cell: [gru, [lstm]] }"));
        assertEquals(1, nested.getMessage().lines().count(), nested.getMessage());
        assertTrue(nested.getMessage().startsWith("model.cell: "), nested.getMessage());
    }

    @Test
    void bidirectionalAndAttentionAreReadAndUnknownAttentionIsRefused() {
        TopologySpec spec = parse("{ cell: [gru, lstm], bidirectional: true, attention: additive }");
        assertTrue(spec.model.bidirectional);
        assertEquals(Attention.ADDITIVE, spec.attentionValue());
        assertEquals(Attention.DOT, parse("{ attention: DOT }").attentionValue());
        ConfigException e = assertThrows(ConfigException.class, () -> parse("{ attention: luong }"));
        assertEquals("model.attention: unknown attention 'luong', expected one of none, dot, additive", e.getMessage());
        ConfigException notBoolean = assertThrows(ConfigException.class, () -> parse("{ bidirectional: sideways }"));
        assertTrue(notBoolean.getMessage().contains("model.bidirectional"), notBoolean.getMessage());
        assertEquals(1, notBoolean.getMessage().lines().count(), notBoolean.getMessage());
    }

    @Test
    void aBidirectionalNetworkCountsBothDirectionsAgainstTheParameterLimit() {
        parse("{ cell: lstm, hidden: 512, layers: 2 }");
        ConfigException e = assertThrows(
                ConfigException.class, () -> parse("{ cell: lstm, hidden: 512, layers: 2, bidirectional: true }"));
        assertTrue(
                e.getMessage().startsWith("model.hidden: 512 units x 2 layers of lstm (bidirectional) make"),
                e.getMessage());
    }
}
