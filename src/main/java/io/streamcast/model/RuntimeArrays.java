package io.streamcast.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Between ND4J arrays and the plain arrays the recurrent runtimes' loops work on. */
final class RuntimeArrays {
    private RuntimeArrays() {}

    /** An array's values in C order, as doubles (a copy: views and float arrays alike). */
    static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** A C-order array of {@code dataType} holding {@code values}. */
    static INDArray array(double[] values, DataType dataType, long... shape) {
        INDArray doubles = Nd4j.create(values, shape, 'c');
        return dataType == DataType.DOUBLE ? doubles : doubles.castTo(dataType);
    }
}
