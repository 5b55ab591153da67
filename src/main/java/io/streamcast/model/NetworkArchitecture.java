package io.streamcast.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;

/**
 * The architecture of a built or restored network in words, read from its layer configurations:
 * the cell of each recurrent layer bottom first, whether they read both ways, and the attention on
 * top, e.g. {@code gru-lstm, bidirectional, dot attention}, and a decoder other than the direct
 * head, e.g. {@code gru-gru, seq2seq decoder}. Two networks with the same description
 * and the same parameter count take the same weights; a checkpoint is refused for a topology whose
 * network is described otherwise.
 */
public final class NetworkArchitecture {
    private NetworkArchitecture() {}

    public static String describe(MultiLayerConfiguration configuration) {
        List<String> cells = new ArrayList<>();
        boolean bidirectional = false;
        String attention = null;
        String decoder = null;
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            Layer layer = configuration.getConf(i).getLayer();
            if (layer instanceof LastTimeStep last) {
                layer = last.getUnderlying();
            }
            if (layer instanceof Bidirectional both) {
                bidirectional = true;
                layer = both.getFwd();
            }
            if (layer instanceof BidirectionalGruLayer) {
                bidirectional = true;
                cells.add(Cell.GRU.contractName());
            } else if (layer instanceof GruLayer) {
                cells.add(Cell.GRU.contractName());
            } else if (layer instanceof LSTM) {
                cells.add(Cell.LSTM.contractName());
            } else if (layer instanceof SimpleRnn) {
                cells.add(Cell.RNN.contractName());
            } else if (layer instanceof RecurrentDecoderLayer recurrentDecoder) {
                recurrentDecoder.cells().forEach(cell -> cells.add(cell.contractName()));
                decoder = recurrentDecoder.decoder().contractName();
            } else if (layer instanceof DotAttentionLayer) {
                attention = Attention.DOT.contractName();
            } else if (layer instanceof AdditiveAttentionLayer) {
                attention = Attention.ADDITIVE.contractName();
            }
        }
        return String.join(Cell.STACK_SEPARATOR, cells)
                + (bidirectional ? ", bidirectional" : "")
                + (attention == null ? "" : ", " + attention + " attention")
                + (decoder == null ? "" : ", " + decoder + " decoder");
    }
}
