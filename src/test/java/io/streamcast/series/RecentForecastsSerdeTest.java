package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A series' remembered forecasts come back as they were at every step an actual can still score
 * (the interval within float rounding), the steps before that are not stored, the newest comes
 * back exactly as published, and what earlier versions wrote (format 3, slot entries of the
 * earlier layout as a list of one) is still read.
 */
class RecentForecastsSerdeTest {
    private static final int H = 12;

    private static RememberedForecast made(long origin, String model, boolean interval, boolean both) {
        float[] served = new float[H];
        float[] lower = new float[H];
        float[] upper = new float[H];
        float[] other = new float[H];
        for (int h = 0; h < H; h++) {
            served[h] = origin + 0.37f * h;
            lower[h] = served[h] - (0.5f + h);
            upper[h] = served[h] + (0.5f + h);
            other[h] = served[h] + 1;
        }
        return new RememberedForecast(
                origin,
                model,
                served,
                interval ? lower : null,
                interval ? upper : null,
                both ? other : null,
                both ? served.clone() : null,
                3,
                1_000L * origin);
    }

    /** Records are written through one reused buffer per thread: a large one between two small ones changes nothing. */
    @Test
    void aRecordIsWrittenTheSameWhateverTheThreadWroteBefore() {
        RecentForecasts small = recordOf(12, 12);
        RecentForecasts large = recordOf(200, 200);
        byte[] first = RecentForecastsSerde.toBytes(small);
        byte[] largeBytes = RecentForecastsSerde.toBytes(large);
        assertTrue(largeBytes.length > 4096, "larger than the buffer's first size: " + largeBytes.length);
        assertArrayEquals(first, RecentForecastsSerde.toBytes(small));
        RecentForecasts back = RecentForecastsSerde.fromBytes(largeBytes);
        assertEquals(200, back.forecasts().size());
        RememberedForecast newest = back.forecasts().get(199);
        assertArrayEquals(large.forecasts().get(199).forecast(), newest.forecast());
    }

    /** Model names come back whichever name the thread decoded before (it keeps the last one). */
    @Test
    void modelNamesComeBackWhateverWasReadBefore() {
        String[] names = {"gru", "gru", "ets", "lstm-\u00fc\u4e2d", "ets", "gru", "g", "", "gru"};
        List<RememberedForecast> all = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            RememberedForecast f = recordOf(1, 12).forecasts().get(0);
            all.add(new RememberedForecast(i, names[i], f.forecast(), f.lower(), f.upper(), null, null, 1, 1_000L * i));
        }
        byte[] bytes = RecentForecastsSerde.toBytes(new RecentForecasts(all));
        for (int round = 0; round < 2; round++) {
            List<RememberedForecast> back =
                    RecentForecastsSerde.fromBytes(bytes).forecasts();
            for (int i = 0; i < names.length; i++) {
                assertEquals(names[i], back.get(i).model(), "round " + round + ", forecast " + i);
            }
            // Another record in between: its names are the ones decoded last.
            assertEquals(
                    "ets",
                    RecentForecastsSerde.fromBytes(RecentForecastsSerde.toBytes(new RecentForecasts(
                                    List.of(new RememberedForecast(0, "ets", new float[] {1f}, null, null)))))
                            .forecasts()
                            .get(0)
                            .model());
        }
    }

    /** {@code count} forecasts of {@code horizon} steps, one step apart, each with an interval. */
    private static RecentForecasts recordOf(int count, int horizon) {
        List<RememberedForecast> all = new ArrayList<>();
        for (long origin = 0; origin < count; origin++) {
            float[] served = new float[horizon];
            float[] lower = new float[horizon];
            float[] upper = new float[horizon];
            for (int h = 0; h < horizon; h++) {
                served[h] = origin + 0.25f * h;
                lower[h] = served[h] - 1;
                upper[h] = served[h] + 1;
            }
            all.add(new RememberedForecast(origin, "gru", served, lower, upper, null, null, 1, 1_000L * origin));
        }
        return new RecentForecasts(all);
    }

    @Test
    void everyStepStillToComeComesBack() {
        List<RememberedForecast> all = new ArrayList<>();
        for (long origin = 20; origin < 20 + H; origin++) {
            all.add(made(origin, origin % 3 == 0 ? "naive" : "gru", origin % 4 != 0, origin % 2 == 0));
        }
        RecentForecasts recent = new RecentForecasts(all);
        byte[] bytes = RecentForecastsSerde.toBytes(recent);
        RecentForecasts back = RecentForecastsSerde.fromBytes(bytes);
        assertEquals(H, back.forecasts().size());
        long newest = recent.newestOrigin();
        for (int i = 0; i < H; i++) {
            RememberedForecast r = all.get(i);
            RememberedForecast b = back.forecasts().get(i);
            assertEquals(r.originIndex(), b.originIndex());
            assertEquals(r.model(), b.model());
            assertEquals(r.version(), b.version());
            assertEquals(r.originMillis(), b.originMillis());
            int from = (int) (newest - r.originIndex());
            for (int h = 0; h < H; h++) {
                if (h < from) {
                    assertTrue(Float.isNaN(b.forecast()[h]), "step " + (h + 1) + " precedes the next actual: not kept");
                    continue;
                }
                assertEquals(r.forecast()[h], b.forecast()[h]);
                if (r.lower() == null) {
                    assertNull(b.lower());
                } else {
                    assertEquals(r.lower()[h], b.lower()[h], 1e-5f);
                    assertEquals(r.upper()[h], b.upper()[h], 1e-5f);
                }
                if (r.base() == null) {
                    assertNull(b.base());
                    assertNull(b.network());
                } else {
                    assertEquals(r.base()[h], b.base()[h]);
                    assertEquals(r.network()[h], b.network()[h]);
                }
            }
        }
        int whole = all.stream()
                .mapToInt(r -> RememberedForecastSerde.toBytes(r).length)
                .sum();
        assertTrue(
                bytes.length < 0.7 * whole,
                "steps to come only: " + bytes.length + " bytes against " + whole + " for the whole forecasts");
    }

    @Test
    void aSlotEntryOfTheEarlierLayoutReadsAsAListOfOne() {
        RememberedForecast r = made(7, "gru", true, true);
        RecentForecasts back = RecentForecastsSerde.fromBytes(RememberedForecastSerde.toBytes(r));
        assertEquals(1, back.forecasts().size());
        assertArrayEquals(r.forecast(), back.forecasts().get(0).forecast());
        assertEquals(r.version(), back.forecasts().get(0).version());
    }

    /** The latest forecast the REST API answers with: doubles, bit for bit, and the float copy scoring reads rounded as it was made. */
    @Test
    void theNewestForecastComesBackExactlyAsPublished() {
        List<RememberedForecast> all = new ArrayList<>();
        for (long origin = 20; origin < 23; origin++) {
            all.add(made(origin, "gru", true, true));
        }
        double[] values = new double[H];
        double[] halves = new double[H];
        float[] f = new float[H];
        float[] lo = new float[H];
        float[] hi = new float[H];
        for (int h = 0; h < H; h++) {
            values[h] = Math.PI * (h + 1) / 7; // no float holds these
            halves[h] = Math.E / (h + 3);
            f[h] = (float) values[h];
            lo[h] = (float) (values[h] - halves[h]);
            hi[h] = (float) (values[h] + halves[h]);
        }
        RememberedForecast newest = new RememberedForecast(23, "gru", f, lo, hi, f.clone(), null, 5, 23_000L);
        all.add(newest);
        RecentForecasts back = RecentForecastsSerde.fromBytes(
                RecentForecastsSerde.toBytes(new RecentForecasts(all, new PublishedPoints(values, halves))));
        assertArrayEquals(values, back.newestPublished().values());
        assertArrayEquals(halves, back.newestPublished().halfWidths());
        RememberedForecast b = back.newest();
        assertEquals(23, b.originIndex());
        assertEquals(5, b.version());
        assertEquals(23_000L, b.originMillis());
        assertArrayEquals(f, b.forecast());
        assertArrayEquals(lo, b.lower());
        assertArrayEquals(hi, b.upper());
        assertArrayEquals(f, b.base());
        assertNull(b.network());
        assertEquals(3, back.forecasts().get(0).version(), "the older ones keep their own version");
    }

    /** Forecasts adopted from the oldest layout know neither version nor origin time: that survives the deltas. */
    @Test
    void unknownVersionsAndOriginTimesRoundTrip() {
        RememberedForecast old = new RememberedForecast(8, "naive", new float[H], null, null);
        RememberedForecast next = made(9, "naive", false, false);
        RecentForecasts back =
                RecentForecastsSerde.fromBytes(RecentForecastsSerde.toBytes(new RecentForecasts(List.of(old, next))));
        assertEquals(RememberedForecast.UNKNOWN, back.forecasts().get(0).version());
        assertEquals(RememberedForecast.UNKNOWN, back.forecasts().get(0).originMillis());
        assertEquals(3, back.forecasts().get(1).version());
        assertEquals(9_000L, back.forecasts().get(1).originMillis());
        assertEquals("naive", back.forecasts().get(1).model());
        assertNull(back.newestPublished());
    }

    /**
     * A record as version 3 of this serde wrote it (its bytes, from the build before format 4): three
     * forecasts of horizon 3, origins 7 to 9, each with an interval of +-1, a base 2 above and the
     * network serving; the first two by seasonal-naive, the newest by gru.
     */
    private static final String FORMAT_3 =
            "AwADAAAAAAAAAAcAAAAAAAAABAAAAAABgIWAAA5zZWFzb25hbC1uYWl2ZQ0AAwACQPAAAD+AAABBGAAAAAAAAAAAAAgAAAAAAAAABAAA"
                    + "AAABt3QAAA5zZWFzb25hbC1uYWl2ZQ0AAwABQQQAAEEIAAA/gAAAP4AAAEEkAABBKAAAAAAAAAAAAAkAAAAAAAAABAAAAAAB7mKA"
                    + "AANncnUNAAMAAEEQAABBFAAAQRgAAD+AAAA/gAAAP4AAAEEwAABBNAAAQTgAAA==";

    @Test
    void aRecordOfFormat3IsStillReadAndFormat4TakesFewerBytes() {
        byte[] format3 = Base64.getDecoder().decode(FORMAT_3);
        RecentForecasts back = RecentForecastsSerde.fromBytes(format3);
        assertEquals(
                List.of(7L, 8L, 9L),
                back.forecasts().stream().map(RememberedForecast::originIndex).toList());
        assertNull(back.newestPublished(), "format 3 kept floats only");
        for (RememberedForecast r : back.forecasts()) {
            assertEquals(r.originIndex() == 9 ? "gru" : "seasonal-naive", r.model());
            assertEquals(4, r.version());
            assertEquals(3_600_000L * r.originIndex(), r.originMillis());
            for (int h = 0; h < 3; h++) {
                if (h < 9 - r.originIndex()) {
                    assertTrue(
                            Float.isNaN(r.forecast()[h]),
                            "not kept: step " + (h + 1) + " of origin " + r.originIndex());
                    continue;
                }
                float v = r.originIndex() + 0.25f * h;
                assertEquals(v, r.forecast()[h]);
                assertEquals(v - 1, r.lower()[h]);
                assertEquals(v + 1, r.upper()[h]);
                assertEquals(v + 2, r.base()[h]);
                assertEquals(v, r.network()[h]);
            }
        }
        byte[] format4 = RecentForecastsSerde.toBytes(back);
        assertEquals(RecentForecastsSerde.FORMAT, format4[0]);
        // Headers: 3 x 31 bytes and the model names (14, 14, 3) in format 3, 124 in all; in format 4 the
        // first takes 1 + 1 + 1 + 4 bytes, its model name and horizon (23), the second 7, the third 7 and
        // its model name (11): 41. Format 5, written now, adds one byte: no quantiles.
        assertEquals(format3.length - 82, format4.length);
        RecentForecasts again = RecentForecastsSerde.fromBytes(format4);
        for (int i = 0; i < 3; i++) {
            RememberedForecast a = back.forecasts().get(i);
            RememberedForecast b = again.forecasts().get(i);
            assertEquals(a.originIndex(), b.originIndex());
            assertEquals(a.model(), b.model());
            assertEquals(a.version(), b.version());
            assertEquals(a.originMillis(), b.originMillis());
            assertArrayEquals(a.forecast(), b.forecast());
            assertArrayEquals(a.lower(), b.lower());
            assertArrayEquals(a.upper(), b.upper());
            assertArrayEquals(a.base(), b.base());
            assertArrayEquals(a.network(), b.network());
        }
    }

    @Test
    void noForecastsIsAShortRecord() {
        assertEquals(
                List.of(),
                RecentForecastsSerde.fromBytes(RecentForecastsSerde.toBytes(RecentForecasts.NONE))
                        .forecasts());
    }

    /** Format 5: the newest forecast's further quantiles (interval.quantiles) come back as published, bit for bit. */
    @Test
    void theNewestForecastsQuantilesComeBackExactlyAsPublished() {
        RememberedForecast newest = made(30, "gru", true, false);
        double[] values = new double[H];
        double[] halves = new double[H];
        double[][] quantiles = new double[4][H];
        for (int h = 0; h < H; h++) {
            values[h] = Math.PI * (h + 1) / 7;
            halves[h] = Math.E / (h + 3);
            quantiles[0][h] = values[h] - 1.7 * halves[h];
            quantiles[1][h] = values[h] + -1 * halves[h]; // as the emitter makes the interval's lower bound
            quantiles[2][h] = values[h];
            quantiles[3][h] = values[h] + 1.7 * halves[h];
        }
        PublishedPoints published = new PublishedPoints(values, halves, new double[] {0.05, 0.1, 0.5, 0.95}, quantiles);
        RecentForecasts back = RecentForecastsSerde.fromBytes(RecentForecastsSerde.toBytes(
                new RecentForecasts(List.of(made(29, "gru", true, false), newest), published)));
        assertArrayEquals(
                new double[] {0.05, 0.1, 0.5, 0.95}, back.newestPublished().probabilities());
        for (int q = 0; q < 4; q++) {
            assertArrayEquals(quantiles[q], back.newestPublished().quantileValues()[q], "bit for bit, quantile " + q);
        }
        assertArrayEquals(values, back.newestPublished().values());
        assertEquals(2, back.forecasts().size());
        // Its float copy, for scoring: 0.1's is its own value rounded, 0.95's (0.05's partner) the mirror
        // of 0.05's around the point, within float rounding.
        assertEquals((float) quantiles[1][3], back.newest().quantiles().values()[1][3]);
        assertEquals(
                (float) quantiles[3][3],
                back.newest().quantiles().values()[3][3],
                2 * Math.ulp((float) quantiles[3][3]));
    }

    /** A record of format 4 (as this serde wrote it before quantiles: no quantile count after the newest origin) is still read. */
    @Test
    void aRecordOfFormat4WithPublishedPointsIsStillRead() {
        double[] values = new double[H];
        double[] halves = new double[H];
        for (int h = 0; h < H; h++) {
            values[h] = h + 0.5;
            halves[h] = 1 + h;
        }
        RememberedForecast older = made(40, "ets", true, true);
        RememberedForecast newest = made(41, "ets", true, true);
        byte[] format5 = RecentForecastsSerde.toBytes(
                new RecentForecasts(List.of(older, newest), new PublishedPoints(values, halves)));
        // Format 4 is format 5 without the quantile count: the byte after the format, the forecast
        // count (2: one byte) and the newest origin (41, zig-zag 82: one byte).
        int count = 3;
        assertEquals(0, format5[count], "the quantile count: none");
        byte[] format4 = new byte[format5.length - 1];
        System.arraycopy(format5, 0, format4, 0, count);
        System.arraycopy(format5, count + 1, format4, count, format5.length - count - 1);
        format4[0] = RecentForecastsSerde.FORMAT_WITHOUT_QUANTILES;
        RecentForecasts back = RecentForecastsSerde.fromBytes(format4);
        assertArrayEquals(values, back.newestPublished().values());
        assertArrayEquals(halves, back.newestPublished().halfWidths());
        assertEquals(0, back.newestPublished().probabilities().length);
        assertArrayEquals(newest.base(), back.newest().base(), "and what follows the published points");
        assertEquals(older.forecast()[5], back.forecasts().get(0).forecast()[5]);
    }

    /**
     * Every forecast's quantiles still to come are kept for live scoring; one made for other
     * quantiles than the newest's (the topology changed them) keeps none.
     */
    @Test
    void everyForecastsQuantilesStillToComeAreKept() {
        double[] probabilities = {0.05, 0.95};
        List<RememberedForecast> all = new ArrayList<>();
        for (long origin = 50; origin < 54; origin++) {
            RememberedForecast f = made(origin, "gru", true, false);
            float[][] q = new float[2][H];
            for (int h = 0; h < H; h++) {
                q[0][h] = f.forecast()[h] - 2 - h;
                q[1][h] = f.forecast()[h] + 2 + h;
            }
            double[] p = origin == 50 ? new double[] {0.1, 0.9} : probabilities;
            all.add(withQuantiles(f, p, q));
        }
        RecentForecasts back = RecentForecastsSerde.fromBytes(RecentForecastsSerde.toBytes(new RecentForecasts(all)));
        assertNull(back.forecasts().get(0).quantiles(), "made for other quantiles");
        for (int i = 1; i < 4; i++) {
            RememberedForecast b = back.forecasts().get(i);
            assertArrayEquals(probabilities, b.quantiles().probabilities());
            for (int h = 0; h < H; h++) {
                if (h < 53 - b.originIndex()) {
                    assertTrue(Float.isNaN(b.quantiles().values()[0][h]), "a step already past is not kept");
                } else {
                    assertEquals(
                            all.get(i).quantiles().values()[0][h], b.quantiles().values()[0][h]);
                    assertEquals(
                            all.get(i).quantiles().values()[1][h], b.quantiles().values()[1][h]);
                }
            }
        }
    }

    /** The median and the quantiles at the interval's bounds repeat the forecast's own arrays: a byte each, not a float per step. */
    @Test
    void quantilesThatRepeatThePointOrTheBoundsCostAByte() {
        List<RememberedForecast> plain = new ArrayList<>();
        List<RememberedForecast> withQuantiles = new ArrayList<>();
        for (long origin = 60; origin < 64; origin++) {
            RememberedForecast f = made(origin, "gru", true, false);
            plain.add(f);
            withQuantiles.add(
                    withQuantiles(f, new double[] {0.1, 0.5, 0.9}, new float[][] {f.lower(), f.forecast(), f.upper()}));
        }
        byte[] without = RecentForecastsSerde.toBytes(new RecentForecasts(plain));
        byte[] with = RecentForecastsSerde.toBytes(new RecentForecasts(withQuantiles));
        // The record's three probabilities (24 bytes), then per forecast the kept byte and a byte per quantile.
        assertEquals(without.length + 24 + 4 * (1 + 3), with.length);
        RecentForecasts back = RecentForecastsSerde.fromBytes(with);
        for (int i = 0; i < 4; i++) {
            RememberedForecast b = back.forecasts().get(i);
            assertArrayEquals(b.lower(), b.quantiles().values()[0]);
            assertArrayEquals(b.forecast(), b.quantiles().values()[1]);
            assertArrayEquals(b.upper(), b.quantiles().values()[2]);
        }
    }

    private static RememberedForecast withQuantiles(RememberedForecast f, double[] probabilities, float[][] values) {
        return new RememberedForecast(
                f.originIndex(),
                f.model(),
                f.forecast(),
                f.lower(),
                f.upper(),
                f.base(),
                f.network(),
                f.version(),
                f.originMillis(),
                new RememberedQuantiles(probabilities, values));
    }

    /**
     * The upper quantile of a pair around the point (0.05 and 0.95) is kept as the point plus the
     * point's distance to its partner, in floats: within float rounding of its own value, a byte per
     * forecast instead of a float per step.
     */
    @Test
    void theUpperQuantileOfAPairCostsAByte() {
        double[] values = new double[H];
        double[][] pair = new double[2][H];
        for (int h = 0; h < H; h++) {
            values[h] = Math.PI * (h + 1) / 7;
            double w = Math.E / (h + 3);
            pair[0][h] = values[h] + -1 * w;
            pair[1][h] = values[h] + w;
        }
        List<RememberedForecast> lower = new ArrayList<>();
        List<RememberedForecast> both = new ArrayList<>();
        for (long origin = 70; origin < 74; origin++) {
            RememberedForecast f = made(origin, "gru", true, false);
            float[] point = new float[H];
            for (int h = 0; h < H; h++) {
                point[h] = (float) values[h];
            }
            RememberedForecast g = new RememberedForecast(
                    origin, f.model(), point, f.lower(), f.upper(), null, null, f.version(), f.originMillis());
            lower.add(withQuantiles(g, new double[] {0.05}, new float[][] {
                RememberedQuantiles.of(new double[] {0.05}, new double[][] {pair[0]}, point)
                        .values()[0]
            }));
            both.add(withQuantiles(
                    g,
                    new double[] {0.05, 0.95},
                    RememberedQuantiles.of(new double[] {0.05, 0.95}, pair, point)
                            .values()));
        }
        byte[] one = RecentForecastsSerde.toBytes(new RecentForecasts(lower));
        byte[] two = RecentForecastsSerde.toBytes(new RecentForecasts(both));
        assertEquals(one.length + 8 + 4, two.length, "a probability, and a byte per forecast");
        RecentForecasts back = RecentForecastsSerde.fromBytes(two);
        for (RememberedForecast b : back.forecasts()) {
            for (int h = (int) (73 - b.originIndex()); h < H; h++) {
                float high = b.quantiles().values()[1][h];
                assertEquals((float) pair[1][h], high, 2 * Math.ulp((float) pair[1][h]), "within float rounding");
            }
        }
    }
}
