package io.streamcast.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.emit.Step;
import io.streamcast.emit.StepGrid;
import io.streamcast.emit.ValueRange;
import io.streamcast.model.Attention;
import io.streamcast.model.CalendarFeature;
import io.streamcast.model.Cell;
import io.streamcast.model.ClipMode;
import io.streamcast.model.Covariates;
import io.streamcast.model.Decoder;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.RecurrentDecoderLayer;
import io.streamcast.model.SamplingSchedule;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.Aggregation;
import io.streamcast.series.BaseConstants;
import io.streamcast.series.SmoothingParams;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One forecasting topology, as read from {@code topologies/*.yaml}. Field names are part of the
 * outside contract (../CONTRACT.md); every field has a default so a minimal file only names what
 * differs. Mutable beans because Jackson fills them and {@code --set} overrides patch them before
 * binding; call {@link #validate()} once bound.
 */
public class TopologySpec {
    public String name;
    public String input = "observations";
    /**
     * True when every producer keys each record by its series id and partitions with Kafka's
     * default (murmur2) partitioner, as Java clients, {@code streamcast replay} and {@code kcat -X
     * partitioner=murmur2_random} do. Streamcast then forecasts in the task that reads the record
     * instead of moving it to its series' partition first: one transaction per record instead of
     * two (about half the end-to-end latency under exactly once) and no repartition topic. A
     * record that is unkeyed, keyed by anything but its series, or on another partition than its
     * key hashes to is dead-lettered as MISPARTITIONED: a series split over two tasks would lose
     * its history. Default false: any record, keyed or not, is moved to its series' partition.
     */
    public boolean partitionedBySeries = false;

    public String output = "forecasts";
    public String deadLetter = "observations-dlq";
    /**
     * Where an actual that falls outside its forecast interval is reported (which actuals: {@link Anomaly}). A fixed
     * default like {@code output}'s and {@code deadLetter}'s: topologies that share those share this.
     */
    public String anomalies = "anomalies";
    /** ISO-8601 duration (PT1H) or period (P1M) between observations. */
    public String step = "PT1H";
    /**
     * Days of the week without a step, with {@code step: P1D}: {@code [saturday, sunday]} for
     * business-day data, whose weekends are then no gap (see {@link Step}). Empty: every day.
     */
    public List<String> skipDays = new ArrayList<>();
    /**
     * With a clock step: the first and the last reading's time of day ({@code 09:30-15:30}, in
     * {@link #zone}), between which a day has its steps; null: the whole day. Trading hours,
     * opening hours, shifts: the night is then no gap (see {@code Sessions}). LAST before FIRST
     * ({@code 22:00-04:00}): hours across midnight, a day's session ending the next morning.
     */
    public String hours;
    /**
     * The time zone of the series' calendar (an IANA region such as {@code Europe/Berlin}, or an
     * offset): whose days, months and years a calendar step counts, which days {@code skipDays}
     * skips, the calendar covariates' hour, day and month, and what a timestamp written without an
     * offset (a date alone, a local date and time) means. Null: UTC, and a local date and time is
     * refused.
     */
    public String zone;
    /**
     * How readings faster than the step make its value: {@code mean}, {@code sum}, {@code min},
     * {@code max}, {@code first} or {@code last} of the readings within each step (a sensor read
     * every minute in an hourly topology). Null: one reading per step, a second one within a step
     * is dead-lettered DUPLICATE_TS. See {@code StepAggregator}.
     */
    public String aggregate;
    /**
     * With {@link #aggregate}: what a step without readings between two that have some is.
     * {@code zero} (the default for {@code count}): none happened, as an hour without orders has
     * none; {@code missing} (the default otherwise): nobody read it, as a sensor that was offline,
     * and the base fills it in as any missing step.
     */
    public String emptySteps;
    /**
     * With {@link #aggregate}: also close a step once the task's newest reading (of any series) is
     * this far past the step's end (ISO-8601 duration, {@code PT5M}), so a series that reads rarely
     * (orders at night) or stops is forecast without waiting for its own next reading. Null: a step
     * closes only at its series' first reading of a later step. A series that lags behind the
     * others by more than this has its readings refused as stragglers.
     */
    public String closeAfter;
    /**
     * With {@link #aggregate}: what a reading's ts marks of the interval it describes, {@code start}
     * (the default) or {@code end}: interval data stamped at its end (hour-ending load data, some
     * meters' quarter-hour usage), whose reading at 01:00 belongs to the step from 00:00.
     */
    public String stamps;
    /** Seasonal period in steps; 1 means no seasonality. */
    public int period = 1;

    public int window = 48;
    public int horizon = 24;
    public int stride = 1;
    public Base base = new Base();
    public Gaps gaps = new Gaps();
    public Lateness lateness = new Lateness();
    public Model model = new Model();
    public Training training = new Training();
    public Interval interval = new Interval();
    public Anomaly anomaly = new Anomaly();
    public Values values = new Values();
    public Scoring scoring = new Scoring();
    public Batching batching = new Batching();
    public Validation validation = new Validation();
    /**
     * Covariates by name, read from each observation's {@code "features"} and fed to the network
     * as input channels of its window ({@link Covariates}); empty (the default): none.
     */
    public List<Feature> features = new ArrayList<>();
    /** Covariates computed from each step's timestamp: {@code hourOfDay}, {@code dayOfWeek}, {@code monthOfYear}. */
    public List<String> calendar = new ArrayList<>();

    /** One entry of {@code features}. */
    public static class Feature {
        public String name;
        /**
         * {@code observed} (the only kind supported): known up to the step that carried it. An
         * observation carries its own step's features only, so a user feature is never known ahead;
         * {@code ahead} is refused, and the calendar is the known-ahead kind.
         */
        public String known = "observed";
    }

    /**
     * The per-series exponential smoothing every forecast starts from (and the network corrects).
     * Constants left unset are fitted on history by {@code train} and backtest pretraining and
     * travel in the checkpoint; without one, {@link SmoothingParams#DEFAULT} fills them.
     */
    public static class Base {
        public Double alpha;
        public Double beta;
        public Double gamma;
        public Double phi;
        /** none, log (positive series: multiplicative trend and season) or auto (fitted). */
        public String transform = "auto";
        /**
         * Not read from YAML: set when the seed network's correction beat this base on held-out
         * data (the verdict travels in {@code train}'s checkpoint, or comes from the demo's warm
         * start). The correction then serves from the start; otherwise the base serves until the
         * correction proves itself on live forecasts.
         */
        @JsonIgnore
        public boolean correctionProven;

        /**
         * Whether fitting gives each series with history enough constants of its own, chosen by its
         * own error plus the topology's (see {@code SmoothingFit.SeriesFit}); false: one set for all.
         * Only constants left to fitting differ per series.
         */
        public boolean perSeries = true;

        /**
         * Not read from YAML: the series' own constants, where fitting gave them some (from
         * pretraining, or {@code train}'s checkpoint).
         */
        @JsonIgnore
        public Map<String, SmoothingParams> seriesConstants = Map.of();

        /** True when some constant is left to fitting. */
        @JsonIgnore
        public boolean fitted() {
            return alpha == null || beta == null || gamma == null || phi == null || "auto".equals(transform);
        }

        /** The constants to run with: those set here, {@link SmoothingParams#DEFAULT} for the rest. */
        @JsonIgnore
        public SmoothingParams params() {
            SmoothingParams d = SmoothingParams.DEFAULT;
            return new SmoothingParams(
                    alpha != null ? alpha : d.alpha(),
                    beta != null ? beta : d.beta(),
                    gamma != null ? gamma : d.gamma(),
                    phi != null ? phi : d.phi(),
                    "auto".equals(transform) ? d.log() : "log".equals(transform),
                    robust);
        }

        /** The constants to run with when {@code fit} fills those left to fitting; changes nothing here. */
        @JsonIgnore
        public SmoothingParams paramsWith(SmoothingParams fit) {
            return new SmoothingParams(
                    alpha != null ? alpha : fit.alpha(),
                    beta != null ? beta : fit.beta(),
                    gamma != null ? gamma : fit.gamma(),
                    phi != null ? phi : fit.phi(),
                    "auto".equals(transform) ? fit.log() : "log".equals(transform),
                    robust);
        }

        /**
         * 0 (the default): every observation updates each series' smoothing state in full. k >= 1:
         * a one-step error beyond k robust standard deviations of the series' recent one-step
         * errors updates it as an error of k of them would (robust Holt-Winters), so one faulty
         * reading (a sensor glitch, a unit typo) cannot shift the level and the season for a whole
         * season and raise false anomalies a season later; the second value in a row beyond the
         * bound on the same side is a new level and taken in full, so a real break is followed one
         * step late. The fit of the constants and pretraining's windows use the same updates.
         * Measured (src/site/markdown/accuracy.md, "Robust updates"): a percent or two of MASE on
         * clean data, hence off by default.
         */
        public double robust = 0;

        /**
         * Whether the base adapts online: it runs {@link #alternatives} beside its own constants for
         * every series and forecasts with the set whose recent errors (half one step ahead, half
         * over the whole horizon), pooled over a sample of the task's series, are lowest. Null (the default): whenever {@code training.online} is on,
         * since both are the model learning from the live stream. Why: constants fitted on history
         * describe the history; after a break (unemployment in 2008) a base that follows faster
         * would have erred far less, and no amount of network correction on the old base's
         * errors made up for it (README "Accuracy").
         */
        public Boolean adaptive;

        /**
         * Constant sets run beside each series' own when {@link #adaptive}: each overrides some
         * constants, the rest are the series' own (fitted or set). The default pair follows a level
         * faster, and a level and trend faster, than history asked for.
         */
        public List<Alternative> alternatives = Alternative.defaults();

        /**
         * Steps of each series over which the candidates' errors are compared (an exponential
         * memory of this many observations per series feeding the comparison); 0: two seasons, at
         * least 24 steps.
         */
        public int adaptiveMemory = 0;

        /** One alternative set of constants; fields left unset keep the topology's. */
        public static class Alternative {
            public Double alpha;
            public Double beta;
            public Double gamma;
            public Double phi;

            public Alternative() {}

            Alternative(Double alpha, Double beta) {
                this.alpha = alpha;
                this.beta = beta;
            }

            static List<Alternative> defaults() {
                return new ArrayList<>(List.of(new Alternative(0.5, null), new Alternative(0.8, 0.1)));
            }

            /** The constants of {@code own} with this alternative's overrides. */
            SmoothingParams over(SmoothingParams own) {
                return new SmoothingParams(
                        alpha != null ? alpha : own.alpha(),
                        beta != null ? beta : own.beta(),
                        gamma != null ? gamma : own.gamma(),
                        phi != null ? phi : own.phi(),
                        own.log(),
                        own.robust());
            }
        }

        /** The alternatives' constants over {@code own}, the topology's constants; empty when the base does not adapt. */
        @JsonIgnore
        public SmoothingParams[] alternativeParams(SmoothingParams own, boolean adapts) {
            if (!adapts || alternatives == null) {
                return new SmoothingParams[0];
            }
            return alternatives.stream().map(a -> a.over(own)).toArray(SmoothingParams[]::new);
        }

        /** The constants every series runs with: the topology's ({@link #params}) and the series' own. */
        @JsonIgnore
        public BaseConstants constants() {
            return new BaseConstants(params(), seriesConstants);
        }

        /**
         * Fills every constant left to fitting from {@code fit}'s topology constants and takes its
         * series' own (already with the constants the topology sets); constants the topology sets stay.
         */
        public void useFitted(BaseConstants fit) {
            useFitted(fit.topology());
            // The topology says whether its base is robust, whatever the checkpoint was trained with.
            Map<String, SmoothingParams> own = new LinkedHashMap<>();
            fit.bySeries().forEach((series, p) -> own.put(series, p.withRobust(robust)));
            seriesConstants = own;
        }

        /** Fills every constant left to fitting from {@code fit}; constants the topology sets stay. */
        public void useFitted(SmoothingParams fit) {
            alpha = alpha != null ? alpha : fit.alpha();
            beta = beta != null ? beta : fit.beta();
            gamma = gamma != null ? gamma : fit.gamma();
            phi = phi != null ? phi : fit.phi();
            transform = "auto".equals(transform) ? (fit.log() ? "log" : "none") : transform;
        }
    }

    /** What happens when observations skip steps of the series' grid. */
    public static class Gaps {
        /**
         * Missing steps up to this many in a row are filled with the base's one-step forecast (and
         * never scored or learnt as a target); a longer gap restarts the series from the new value. 0: as
         * many as {@code max(period, horizon) * 10}. The base bridging an outage keeps the
         * seasonal shape it learnt; a restart forgets it and forecasts with fallbacks until two
         * new seasons arrive. Until session 50 the default was twice the season: the bundled hourly
         * temperatures with three 3-day outages scored MASE 2.09 restarting (seasonal naive 1.73)
         * and 0.71 bridged (0.65 without outages); with two 10-day outages 1.63 and 0.80;
         * AirPassengers without 30 months 1.17 and 0.56. A fill costs about a microsecond.
         */
        public int maxFill = 0;
        /**
         * Drop a series from the stores once it has been silent longer than {@code maxFill} steps,
         * both against the newest observation of its task and in wall-clock time (a series merely
         * behind the others, a backfill, goes on and stays): were it to come back it would restart
         * anyway, and a fleet with churn (devices replaced, a series per container) otherwise grows
         * its state without bound.
         */
        public boolean expireSilent = true;
    }

    /** What happens to an observation that arrives after a newer one of its series. */
    public static class Lateness {
        /**
         * How far (ISO-8601 duration, in event time) an observation may lie behind its series'
         * newest accepted ts and still be taken: only into a step that was filled in for want of
         * it and is still in the kept history, replacing the filled value. Anything older, or for
         * a step that already has a real value, is dead-lettered as before. PT0S (the default):
         * no late data at all, every record older than the newest is TOO_OLD, as before this
         * field existed; taking late values is a choice the operator makes, since it changes what
         * the dead-letter topic receives.
         */
        public String grace = "PT0S";
    }

    public static class Model {
        /**
         * The recurrent cell of every layer ({@code gru}, {@code lstm}, {@code rnn}), or one cell per
         * layer, bottom first: a YAML list ({@code [gru, lstm]}), kept here as the stack's name
         * ({@code gru-lstm}, which may also be written so). Set through {@link #cell(JsonNode)}.
         */
        public String cell = "gru";

        public int hidden = 32;
        /** Stacked recurrent layers; with one cell per layer, their number (may be left out). */
        public int layers = 2;
        /** Every recurrent layer reads the window forward and backward (legal: the window is all past). */
        public boolean bidirectional = false;
        /** How the top layer's outputs reach the head: none (its last step), dot or additive attention over the window. */
        public String attention = "none";

        /** {@link #cell} named one cell per layer, so it sets {@link #layers}. */
        @JsonIgnore
        private boolean cellPerLayer;
        /** {@link #layers} was written, so a list of cells must agree with it. */
        @JsonIgnore
        private boolean layersGiven;

        /** {@code cell} as YAML writes it: one cell's name, or a list of names, one per layer. */
        @JsonSetter("cell")
        public void cell(JsonNode value) {
            if (value != null && value.isArray()) {
                List<String> names = new ArrayList<>();
                value.forEach(element -> names.add(element.isValueNode() ? element.asText() : element.toString()));
                cell = String.join(Cell.STACK_SEPARATOR, names);
                cellPerLayer = true;
            } else {
                cell = value == null || value.isNull() ? null : value.asText();
                cellPerLayer = cell != null && cell.contains(Cell.STACK_SEPARATOR);
            }
        }

        @JsonSetter("layers")
        public void layers(int value) {
            layers = value;
            layersGiven = true;
        }

        public String decoder = "direct";
        /** Optional checkpoint written by {@code train}, loaded when the task has no model yet. Relative to the topology file. */
        public String checkpoint;
        /** Normalized inputs and targets are clamped to +-this many seasonal-difference units, so one wild value cannot saturate the network. */
        public double clamp = 20.0;

        public long seed = 42;

        /**
         * Each series' recurrent state is carried from one network forecast to the next in memory and
         * advanced over the steps since, instead of re-running the window from zeros: started at an
         * anchor every quarter window, run again from the next anchor when its own leaves the window
         * (about four steps per forecast instead of {@code window}); rebuilt whenever missing or stale.
         * Unset (the default): wherever the design allows it, the designs served by plain loops
         * (one-direction gru/lstm stacks, direct decoder, no attention); {@code true} on another design
         * is refused, {@code false} re-runs every window.
         */
        public Boolean carryState = null;
    }

    public static class Training {
        public boolean online = true;
        /**
         * Train in the background, on the topology's trainer threads ({@link #threads}), so
         * forecasting never waits behind a training step (the service's default). Backtests always train synchronously at the flush safe point,
         * whatever this says: their results must be deterministic and must not peek.
         */
        public boolean async = true;
        /**
         * Threads the topology's background trainers share in this process, its tasks taking turns
         * on them (one step of one task at a time per thread). Unset: one per core the JVM may use,
         * so training can take whatever core forecasting leaves idle while no more trainer threads
         * than cores compete for them (a thread per task put 32 runnable trainers on an instance
         * with 32 tasks); {@code cpuShare} bounds how much they train either way.
         */
        public Integer threads;

        /** {@link #threads}, or one per core the JVM may use when unset. */
        public int trainerThreads() {
            return threads != null ? threads : Runtime.getRuntime().availableProcessors();
        }
        /**
         * CPU seconds per wall-clock second the topology's background trainer threads may spend
         * training, all tasks together (1.0: about one core's worth). Beyond it they pause and the
         * stream threads keep the cores to forecast; examples beyond what they take are not built
         * (or, past a full inbox, dropped oldest first) and counted.
         */
        public double cpuShare = 1.0;
        /**
         * Background training waits while forecasting has fallen further behind its input than
         * this, in milliseconds: while the records a task forecasts are this much older than the
         * freshest it forecast in the last 30 s (a producer whose clock runs behind by a constant
         * offset does not count, nor a backlog of history that gets fresher as it drains). Forecasts
         * first: on a loaded machine the trainers' CPU is what keeps a live stream from keeping up.
         * 0: training never waits.
         */
        public long yieldBehindMs = 250;

        public double learningRate = 0.001;
        public int batchSize = 32;
        public Clip clip = new Clip();
        public double l2 = 1e-5;
        /** Passes over the history for {@code train} and backtest pretraining (early stopping may end sooner). */
        public int epochs = 60;
        /**
         * Pretraining windows beyond this many are subsampled uniformly (per epoch cost is per
         * window); a corpus's windows only ever replace training windows, never held-out ones.
         */
        public int maxExamples = 20_000;
        /**
         * Optional CSV of further series ({@code series,ts,value}, the topology's step) whose windows
         * pretraining ({@code train}, backtests) adds to the topology's own training windows: a
         * network of a few short series learns from a few dozen windows, one trained across a
         * corpus from thousands (MODELING.md, the M4 lesson). Never validated, judged, scored or
         * served on; the smoothing constants are fitted on the topology's own series alone; cut
         * where the topology's own data is cut (a backtest's first origin, {@code train --until}).
         * Relative to the topology file.
         */
        public String corpus;
        /**
         * Examples each task holds while they wait out the gap between training targets and the
         * shadow set's (a horizon of every series of the task); beyond it a uniform sample waits
         * and the rest are counted as thinned. About 330 bytes each at window 48.
         */
        public int maxWaitingExamples = 20_000;
        /** Replay buffer: most recent examples kept ... */
        public int replayRecent = 512;
        /** ... plus a uniform reservoir over everything seen, so old seasons are not forgotten. */
        public int replayReservoir = 512;
        /** A candidate replaces the serving model only when its shadow MAE is lower by this fraction. */
        public double promotionMargin = 0.02;
        /** Promoted versions each task keeps for rollback (the serving one is always kept). */
        public int keepVersions = 20;
        /**
         * Newest examples held out to compare candidate and serving model. 0 (the default): scaled
         * to the data, {@code max(batchSize, 2 x horizon)} capped at 256, so a short series (100
         * points) still trains; a fixed 256 never filled there and online learning never started.
         */
        public int shadowWindow = 0;
        /**
         * Online learning trains on an origin's first horizon steps as they arrive (after 1, 2, 4,
         * ... steps), not only once its whole horizon is known; the default shadow set then holds
         * one example per stage for each of its origins. Off by default: measured on the bundled
         * data it made the network worse (src/site/markdown/accuracy.md, early targets).
         */
        public boolean earlyTargets = false;
        /** A candidate whose training loss exceeds this many times the serving model's loss has exploded. */
        public double explodeFactor = 50.0;
        /**
         * For the autoregressive and seq2seq decoders: how often training feeds a horizon step the
         * network's own prediction instead of the truth ({@link SamplingSchedule}).
         */
        public ScheduledSampling scheduledSampling = new ScheduledSampling();
    }

    /** {@code training.scheduledSampling}: linear from {@code start} to {@code end} over {@code epochs}. */
    public static class ScheduledSampling {
        public double start = 0.0;
        public double end = 0.5;
        public int epochs = 20;
    }

    public static class Clip {
        public String mode = "l2PerLayer";
        public double threshold = 1.0;
    }

    public static class Interval {
        public double coverage = 0.8;
        /**
         * Adaptive conformal step (Gibbs and Candes, 2021) per time step of a series: after each
         * scored forecast the miss rate a horizon step's half-width is the quantile of moves toward
         * keeping {@code coverage} (wider after a miss, narrower after a hit). 0: off, the plain
         * window quantile. 0.05 measured best over the bundled and the 20 unseen R data sets (base
         * alone): steps outside 70-90% coverage 73 of 220 at 0, 52 at 0.05, 47 at 0.1 (but hourly
         * temperatures' long steps then fell to 70%: an outcome arrives a horizon late, and a
         * larger step overshoots), 71 at 0.3.
         */
        public double adaptRate = 0.05;
        /**
         * Further quantiles each forecast point carries beside lower and upper (probabilities in
         * (0, 1), for example {@code [0.05, 0.5, 0.95]}); empty (the default): none, and forecasts
         * are what they were. The errors are symmetric around the point (the calibrators keep
         * absolute errors), so quantile q is the point plus (q > 0.5) or minus (q < 0.5) the
         * half-width of the central interval of coverage |2q - 1|, and 0.5 is the point itself.
         */
        public List<Double> quantiles = List.of();

        /**
         * The coverage of the central interval whose bound quantile {@code q} is, |2q - 1|, to twelve
         * decimals: in doubles 2 x 0.9 - 1 is 0.8000000000000002, and 0.1 and 0.9 must name the
         * same interval as {@code coverage: 0.8}.
         */
        public static double levelOf(double q) {
            return Math.round(Math.abs(2 * q - 1) * 1e12) / 1e12;
        }

        /**
         * The central-interval coverages the quantiles need besides {@code coverage}: distinct,
         * ascending, without 0 (the median is the point) and without {@code coverage} itself.
         */
        public double[] extraLevels() {
            return quantiles.stream()
                    .mapToDouble(Interval::levelOf)
                    .filter(level -> level > 0 && level != coverage)
                    .distinct()
                    .sorted()
                    .toArray();
        }
    }

    /**
     * {@code values}: the range the series' values can take, where the data has one (0 for counts,
     * sales, rainfall; 100 for a share in percent). Forecasts, their bounds and their quantiles
     * are published inside it ({@link ValueRange}); observations are not checked against it. Unset
     * (the default): unbounded, forecasts as computed.
     */
    public static class Values {
        public Double min;
        public Double max;
    }

    /**
     * {@code values} as a range: where {@code values.min} is unset, 0 for an aggregate that is never
     * negative ({@code count}, {@code increase}: {@link Aggregation#neverNegative}) unless {@code
     * values.max} is not above 0, else unbounded below; {@link ValueRange#UNBOUNDED} when neither
     * bound applies.
     */
    @JsonIgnore
    public ValueRange valueRange() {
        double max = values.max == null ? Double.POSITIVE_INFINITY : values.max;
        Aggregation aggregation = aggregationValue();
        double min = values.min != null
                ? values.min
                : aggregation != null && aggregation.neverNegative() && max > 0 ? 0 : Double.NEGATIVE_INFINITY;
        return new ValueRange(min, max);
    }

    /**
     * Which actuals are reported on the {@code anomalies} topic. An actual is judged once, against
     * the most recent forecast made for it (the smallest horizon step) that came from the base or
     * the network: one event per anomalous actual, not one per forecast that covered it.
     */
    public static class Anomaly {
        /**
         * Judge only forecasts made at most this many steps before the actual (1: only the
         * one-step-ahead forecast); 0 (the default): any step of the horizon, the nearest first.
         */
        public int maxStep = 0;
        /**
         * Report only actuals whose score ({@code io.streamcast.emit.Anomaly#score}) is at least
         * this. 0 (the default): every actual outside the interval, about {@code 1 - interval.coverage}
         * of them when the intervals are calibrated; 1 keeps errors beyond twice the half-width.
         */
        public double minScore = 0;
    }

    /**
     * Which forecasts a task keeps to score as their actuals arrive (accuracy gauges, interval
     * calibration, the correction gate). What they feed keeps bounded windows (200 errors per horizon
     * step in a calibrator), so a task with many series scores a sample: one origin in k of each
     * series, k = its series / {@code perStep} (at least 1, at most the horizon), so that a time step
     * still scores at least {@code perStep} forecasts per horizon step. The newest forecast of every
     * series is kept whatever the sample: it judges anomalies and answers REST.
     */
    public static class Scoring {
        /** 0: every forecast is scored, whatever the series count. */
        public int perStep = 200;
    }

    public static class Batching {
        /** Forecast windows of up to this many series in one network call. */
        public int maxBatch = 1024;
        /** Flush a partial batch after this many milliseconds of wall-clock time. */
        public long maxDelayMs = 50;
        /**
         * While observations arrive live, ask Kafka Streams to commit about this often (0: only
         * every {@code commit.interval.ms}, 1,000 ms by default): under exactly once a forecast is
         * readable at its commit, while a backlog drains faster with the slower pace. 150 ms: about
         * what a 100 ms {@code commit.interval.ms} gives (Kafka Streams checks it between batches of
         * records); asking every 100 ms committed about half again as often (10 a second against 7) and lengthened
         * the live tail.
         */
        public long liveCommitMs = 150;
    }

    public static class Validation {
        /** Records whose key or value is larger than this many bytes go to the dead-letter topic as OVERSIZED. */
        public int maxRecordBytes = 65536;
        /**
         * How far an observation's ts may lie ahead of the service's clock (ISO-8601 duration);
         * later ones go to the dead-letter topic as FUTURE_TS. A day: generous for clock drift and
         * time zones gone wrong, far too short for a device whose clock reads 2999.
         */
        public String maxFutureSkew = "P1D";
        /**
         * Observations whose |value| exceeds this go to the dead-letter topic as OUT_OF_RANGE.
         * Finite values near Double.MAX_VALUE overflow once the smoothing adds or subtracts them,
         * and then the series forecasts NaN. 1e30 is far beyond any measured quantity and leaves
         * room for that arithmetic, and for the single-precision copies the series state keeps.
         */
        public double maxAbsValue = 1e30;
    }

    /** {@code validation.maxFutureSkew} parsed. */
    @JsonIgnore
    public java.time.Duration maxFutureSkewValue() {
        return java.time.Duration.parse(validation.maxFutureSkew);
    }

    /** {@code lateness.grace} parsed. */
    @JsonIgnore
    public java.time.Duration latenessGraceValue() {
        return java.time.Duration.parse(lateness.grace);
    }

    /** The shadow set's size: {@code training.shadowWindow}, or when 0 scaled to batch size and horizon. */
    @JsonIgnore
    public int shadowWindowValue() {
        return training.shadowWindow > 0
                ? training.shadowWindow
                : Math.min(256, Math.max(training.batchSize, 2 * horizon));
    }

    /** Longest run of missing steps that is filled rather than restarting the series. */
    @JsonIgnore
    public int maxGapFill() {
        return gaps.maxFill > 0 ? gaps.maxFill : 10 * Math.max(period, horizon);
    }

    /** The largest horizon step whose forecast judges an actual: {@code anomaly.maxStep}, or the horizon when 0 or beyond it. */
    @JsonIgnore
    public int anomalyMaxStepValue() {
        return anomaly.maxStep > 0 ? Math.min(anomaly.maxStep, horizon) : horizon;
    }

    @JsonIgnore
    public Step stepValue() {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : skipDays == null ? List.<String>of() : skipDays) {
            try {
                days.add(DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(
                        "skipDays: '" + day + "' is not a day of the week (monday ... sunday)");
            }
        }
        return Step.parse(step, days, zoneValue(), hours);
    }

    /** {@link #aggregate} parsed; null when the topology takes one reading per step. */
    @JsonIgnore
    public Aggregation aggregationValue() {
        return Aggregation.parse(aggregate);
    }

    /** Whether a step without readings between two with readings is a zero ({@link #emptySteps}); false without aggregation. */
    @JsonIgnore
    public boolean emptyStepsAreZero() {
        Aggregation aggregation = aggregationValue();
        if (aggregation == null) {
            return false;
        }
        if (emptySteps == null || emptySteps.isBlank()) {
            return aggregation == Aggregation.COUNT;
        }
        return switch (emptySteps.strip().toLowerCase(Locale.ROOT)) {
            case "zero" -> true;
            case "missing" -> false;
            default -> throw new IllegalArgumentException("emptySteps: '" + emptySteps + "' is not zero or missing");
        };
    }

    /** Whether readings are stamped at the end of the interval they describe ({@link #stamps}). */
    @JsonIgnore
    public boolean stampedAtEnd() {
        if (stamps == null || stamps.isBlank()) {
            return false;
        }
        return switch (stamps.strip().toLowerCase(Locale.ROOT)) {
            case "start" -> false;
            case "end" -> true;
            default -> throw new IllegalArgumentException("stamps: '" + stamps + "' is not start or end");
        };
    }

    /** {@link #closeAfter} parsed; null when steps close only at their series' next reading. */
    @JsonIgnore
    public java.time.Duration closeAfterValue() {
        if (closeAfter == null || closeAfter.isBlank()) {
            return null;
        }
        java.time.Duration after;
        try {
            after = java.time.Duration.parse(closeAfter.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "closeAfter: '" + closeAfter + "' is not an ISO-8601 duration (PT0S, PT5M, PT1H)");
        }
        if (after.isNegative()) {
            throw new IllegalArgumentException("closeAfter: must not be negative");
        }
        return after;
    }

    /** {@link #zone} as a {@link ZoneId}; null when the topology names none (UTC). */
    @JsonIgnore
    public ZoneId zoneValue() {
        return Zones.parse(zone, "zone");
    }

    /** The step grid the topology places its series' readings on. */
    @JsonIgnore
    public StepGrid stepGrid() {
        return new StepGrid(stepValue(), maxGapFill());
    }

    /** The cell of each recurrent layer, bottom first. */
    @JsonIgnore
    public List<Cell> cellsValue() {
        List<Cell> named = Cell.parseStack(model.cell);
        return named.size() > 1 || model.cellPerLayer ? named : Collections.nCopies(model.layers, named.get(0));
    }

    /** What forecasts the network serves name as their {@code model}: {@code gru}, or for a mixed stack {@code gru-lstm}. */
    @JsonIgnore
    public String modelName() {
        return Cell.stackName(cellsValue());
    }

    /** The covariates fed to the network: the observed features, then the calendar, in the order written. */
    @JsonIgnore
    public Covariates covariatesValue() {
        return new Covariates(
                features.stream().map(f -> f.name).toList(),
                calendar.stream().map(CalendarFeature::parse).toList(),
                zoneValue());
    }

    /** Input channels per window step: the base's error and the covariates' channels. */
    @JsonIgnore
    public int inputFeatures() {
        return WindowEncoder.FEATURES + covariatesValue().extraChannels();
    }

    /**
     * Whether the network's recurrent states are carried between forecasts ({@code model.carryState}):
     * as written, or where unset wherever the design is served by plain loops.
     */
    @JsonIgnore
    public boolean carriesState() {
        return model.carryState != null ? model.carryState : designCarriesState();
    }

    /** A one-direction stack of gru and lstm layers with the direct decoder and no attention: served by plain loops. */
    private boolean designCarriesState() {
        return decoderValue() == Decoder.DIRECT
                && !model.bidirectional
                && attentionValue() == Attention.NONE
                && !cellsValue().contains(Cell.RNN);
    }

    @JsonIgnore
    public Attention attentionValue() {
        return Attention.parse(model.attention);
    }

    @JsonIgnore
    public Decoder decoderValue() {
        return Decoder.parse(model.decoder);
    }

    @JsonIgnore
    public SamplingSchedule samplingScheduleValue() {
        ScheduledSampling s = training.scheduledSampling;
        return new SamplingSchedule(s.start, s.end, s.epochs);
    }

    /** Whether the base adapts online ({@link Base#adaptive}; by default whenever training is online). */
    @JsonIgnore
    public boolean baseAdapts() {
        return base.adaptive != null ? base.adaptive : training.online;
    }

    /** Steps of each series the adaptive base's comparison remembers ({@link Base#adaptiveMemory}). */
    @JsonIgnore
    public int baseAdaptiveMemory() {
        return base.adaptiveMemory > 0 ? base.adaptiveMemory : Math.max(24, 2 * period);
    }

    @JsonIgnore
    public ClipMode clipModeValue() {
        return ClipMode.parse(training.clip.mode);
    }

    /** Throws {@link ConfigException} naming the first field that is wrong. */
    public TopologySpec validate() {
        require(
                name != null && name.matches("[A-Za-z0-9._-]+"),
                "name",
                "must be set and contain only letters, digits, '.', '_' or '-'");
        require(notBlank(input), "input", "must name a topic");
        require(notBlank(output), "output", "must name a topic");
        require(notBlank(deadLetter), "deadLetter", "must name a topic");
        require(notBlank(anomalies), "anomalies", "must name a topic");
        require(base.adaptiveMemory >= 0, "base.adaptiveMemory", "must be 0 (two seasons) or a number of steps");
        if (base.alternatives != null) {
            for (int i = 0; i < base.alternatives.size(); i++) {
                try {
                    base.alternatives.get(i).over(SmoothingParams.DEFAULT);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new ConfigException("base.alternatives[" + i + "]: "
                            + (e.getMessage() != null ? e.getMessage() : "must be a map of constants"));
                }
            }
        }
        try {
            stepValue();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    e.getMessage().startsWith("skipDays")
                                    || e.getMessage().startsWith("zone")
                                    || e.getMessage().startsWith("hours")
                            ? e.getMessage()
                            : "step: " + e.getMessage());
        }
        try {
            if (aggregationValue() != null) {
                String refusal = stepValue().aggregationRefusal();
                if (refusal != null) {
                    throw new IllegalArgumentException(refusal);
                }
                emptyStepsAreZero();
                if (aggregationValue() == Aggregation.INCREASE && emptySteps != null) {
                    throw new IllegalArgumentException("emptySteps: with aggregate increase a step without readings"
                            + " between two that have some takes its share of the counter's rise between them;"
                            + " emptySteps applies to the other aggregations");
                }
                closeAfterValue();
                stampedAtEnd();
            } else if (stamps != null) {
                throw new IllegalArgumentException(
                        "stamps: only a topology that aggregates readings (aggregate) puts them into steps");
            } else if (emptySteps != null) {
                throw new IllegalArgumentException(
                        "emptySteps: only a topology that aggregates readings (aggregate) has steps without readings");
            } else if (closeAfter != null) {
                throw new IllegalArgumentException(
                        "closeAfter: only a topology that aggregates readings (aggregate) has steps to close");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        require(
                period >= 1 && period <= MAX_PERIOD,
                "period",
                "must be between 1 and " + MAX_PERIOD + ", not " + period);
        require(
                window >= 2 && window <= MAX_WINDOW,
                "window",
                "must be between 2 and " + MAX_WINDOW + ", not " + window);
        require(
                horizon >= 1 && horizon <= MAX_HORIZON,
                "horizon",
                "must be between 1 and " + MAX_HORIZON + ", not " + horizon);
        require(stride >= 1, "stride", "must be >= 1");
        List<Cell> cells;
        try {
            cells = Cell.parseStack(model.cell);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model.cell: " + e.getMessage());
        }
        if (model.cellPerLayer || cells.size() > 1) {
            require(
                    !model.layersGiven || model.layers == cells.size(),
                    "model.layers",
                    "is " + model.layers + " but model.cell names " + cells.size() + " cells, one per layer: make it "
                            + cells.size() + " or leave it out");
            // One cell per layer says how many layers there are.
            model.layers = cells.size();
        }
        try {
            attentionValue();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model.attention: " + e.getMessage());
        }
        try {
            clipModeValue();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("training.clip.mode: " + e.getMessage());
        }
        require(base.alpha == null || (base.alpha > 0 && base.alpha <= 1), "base.alpha", "must be in (0, 1]");
        require(base.beta == null || (base.beta >= 0 && base.beta <= 1), "base.beta", "must be in [0, 1]");
        require(base.gamma == null || (base.gamma >= 0 && base.gamma <= 1), "base.gamma", "must be in [0, 1]");
        require(base.phi == null || (base.phi > 0 && base.phi <= 1), "base.phi", "must be in (0, 1]");
        require(
                base.robust == 0 || base.robust >= 1,
                "base.robust",
                "must be 0 (off) or at least 1 (robust standard deviations of the one-step errors; 3 is usual)");
        require(
                base.transform != null && base.transform.matches("auto|log|none"),
                "base.transform",
                "must be auto, log or none");
        require(gaps.maxFill >= 0, "gaps.maxFill", "must be >= 0");
        java.time.Duration grace;
        try {
            grace = latenessGraceValue();
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "lateness.grace: '" + lateness.grace + "' is not an ISO-8601 duration (PT0S, PT30M, PT6H, P1D)");
        }
        require(!grace.isNegative(), "lateness.grace", "must not be negative");
        require(
                model.hidden >= 1 && model.hidden <= MAX_HIDDEN,
                "model.hidden",
                "must be between 1 and " + MAX_HIDDEN + ", not " + model.hidden);
        require(model.layers >= 1 && model.layers <= 8, "model.layers", "must be between 1 and 8");
        validateCovariates();
        try {
            if (decoderValue().feedsBack()) {
                RecurrentDecoderLayer.requireSupported(cells, inputFeatures(), model.bidirectional, attentionValue());
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model.decoder: " + e.getMessage());
        }
        require(
                !Boolean.TRUE.equals(model.carryState) || designCarriesState(),
                "model.carryState",
                "needs a one-direction stack of gru and lstm layers with the direct decoder and no attention (the"
                        + " designs served by plain loops); this topology has " + model.cell
                        + (model.bidirectional ? ", bidirectional" : "") + ", decoder " + model.decoder
                        + ", attention " + model.attention);
        long params = networkParams();
        require(
                params <= MAX_PARAMS,
                "model.hidden",
                String.format(
                        "%d units x %d layers of %s%s make %.1f million parameters; a checkpoint holds at most %.1f million"
                                + " (%d MB with the optimizer's state): use fewer units or layers",
                        model.hidden,
                        model.layers,
                        model.cell,
                        model.bidirectional ? " (bidirectional)" : "",
                        params / 1e6,
                        MAX_PARAMS / 1e6,
                        ModelCheckpoint.MAX_BYTES >> 20));
        require(training.scheduledSampling != null, "training.scheduledSampling", "must be a map (start, end, epochs)");
        try {
            samplingScheduleValue();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("training.scheduledSampling: " + e.getMessage());
        }
        require(model.clamp > 0, "model.clamp", "must be > 0");
        require(training.learningRate > 0 && training.learningRate < 1, "training.learningRate", "must be in (0, 1)");
        require(training.batchSize >= 1, "training.batchSize", "must be >= 1");
        require(training.clip.threshold > 0, "training.clip.threshold", "must be > 0");
        require(training.epochs >= 0, "training.epochs", "must be >= 0");
        require(training.maxExamples >= 4, "training.maxExamples", "must be >= 4");
        require(training.maxWaitingExamples >= 1, "training.maxWaitingExamples", "must be >= 1");
        require(
                training.replayRecent >= 1 && training.replayReservoir >= 0,
                "training.replay*",
                "replayRecent must be >= 1, replayReservoir >= 0");
        require(
                training.shadowWindow >= 0,
                "training.shadowWindow",
                "must be >= 0 (0: scaled to batch size and horizon)");
        require(
                training.promotionMargin >= 0 && training.promotionMargin < 1,
                "training.promotionMargin",
                "must be in [0, 1)");
        require(training.explodeFactor > 1, "training.explodeFactor", "must be > 1");
        require(training.keepVersions >= 1, "training.keepVersions", "must be >= 1");
        require(
                training.threads == null || (training.threads >= 1 && training.threads <= 256),
                "training.threads",
                "must be in [1, 256] (unset: one per core)");
        require(training.cpuShare > 0 && training.cpuShare <= 64, "training.cpuShare", "must be in (0, 64]");
        require(training.yieldBehindMs >= 0, "training.yieldBehindMs", "must be >= 0 (0: training never waits)");
        require(scoring.perStep >= 0, "scoring.perStep", "must be >= 0 (0: every forecast is scored)");
        require(interval.coverage > 0 && interval.coverage < 1, "interval.coverage", "must be in (0, 1)");
        require(interval.adaptRate >= 0 && interval.adaptRate < 1, "interval.adaptRate", "must be in [0, 1)");
        require(interval.quantiles != null, "interval.quantiles", "must be a list of probabilities (or left out)");
        // Each is a metric tag value per horizon bucket: keep them few.
        require(interval.quantiles.size() <= 20, "interval.quantiles", "at most 20, got " + interval.quantiles.size());
        for (int i = 0; i < interval.quantiles.size(); i++) {
            Double q = interval.quantiles.get(i);
            require(
                    q != null && q > 0 && q < 1,
                    "interval.quantiles[" + i + "]",
                    "must be a probability in (0, 1), got " + q);
            require(interval.quantiles.indexOf(q) == i, "interval.quantiles[" + i + "]", q + " is listed twice");
        }
        require(values.min == null || Double.isFinite(values.min), "values.min", "must be a number (or left out)");
        require(values.max == null || Double.isFinite(values.max), "values.max", "must be a number (or left out)");
        require(
                values.min == null || values.max == null || values.min < values.max,
                "values.max",
                "must be above values.min (" + values.min + "), got " + values.max);
        require(anomaly.maxStep >= 0, "anomaly.maxStep", "must be >= 0 (0: any step of the horizon)");
        require(
                anomaly.minScore >= 0 && Double.isFinite(anomaly.minScore),
                "anomaly.minScore",
                "must be a number >= 0");
        require(batching.maxBatch >= 1, "batching.maxBatch", "must be >= 1");
        require(batching.maxDelayMs >= 1, "batching.maxDelayMs", "must be >= 1");
        require(
                batching.liveCommitMs >= 0,
                "batching.liveCommitMs",
                "must be >= 0 (0: commit only every commit.interval.ms)");
        java.time.Duration skew;
        try {
            skew = maxFutureSkewValue();
        } catch (RuntimeException e) {
            throw new ConfigException("validation.maxFutureSkew: '" + validation.maxFutureSkew
                    + "' is not an ISO-8601 duration (PT10M, PT6H, P1D)");
        }
        require(!skew.isNegative(), "validation.maxFutureSkew", "must not be negative");
        require(
                validation.maxAbsValue > 0 && validation.maxAbsValue <= 1e30,
                "validation.maxAbsValue",
                "must be in (0, 1e30]");
        return this;
    }

    /**
     * Units per recurrent layer at most. Far above what forecasting a series needs (the default is
     * 32, the largest tested 384); 100000 used to get as far as a native {@code bad_alloc} and a
     * stack trace.
     */
    static final int MAX_HIDDEN = 4096;
    /**
     * Bounds of the calendar fields. Each series record keeps max(window, period) + period + horizon
     * values and each series H remembered forecasts of H steps, so a horizon of 100000 asked for
     * gigabytes per series before anything said so; the bounds sit far above real use (a weekly
     * season of minute data is 10080 steps) and keep a series record under half a megabyte.
     */
    static final int MAX_PERIOD = 10_080;

    static final int MAX_WINDOW = 4_096;
    static final int MAX_HORIZON = 1_024;
    /**
     * Parameters a network may have: its checkpoint, weights and Adam's two moment estimates at
     * 4 bytes each, must fit {@link ModelCheckpoint#MAX_BYTES}, or the model store and the models
     * topic refuse it at run time.
     */
    static final long MAX_PARAMS = ModelCheckpoint.MAX_BYTES / (3 * 4);

    /**
     * About how many parameters the network has: gates x (input and recurrent weights + bias) per
     * layer and direction, the attention's weights, plus the head.
     */
    private long networkParams() {
        long h = model.hidden;
        long directions = model.bidirectional ? 2 : 1;
        long total = 0;
        List<Cell> cells = cellsValue();
        for (int layer = 0; layer < cells.size(); layer++) {
            long gates = switch (cells.get(layer)) {
                case LSTM -> 4;
                case GRU -> 3;
                default -> 1;
            };
            long in = layer == 0 ? inputFeatures() : directions * h;
            total += directions * gates * (h * (in + h) + h);
        }
        long width = directions * h;
        Decoder decoder = decoderValue();
        if (decoder.feedsBack()) {
            // One head shared by every step; seq2seq has a second stack of the same cells as its decoder.
            return (decoder == Decoder.SEQ2SEQ ? 2 * total : total) + h + 1;
        }
        long attention = attentionValue() == Attention.NONE ? 0 : width * (h + 1) + h;
        return total + attention + width * horizon + horizon;
    }

    private void validateCovariates() {
        require(features != null, "features", "must be a list of {name, known}");
        require(
                training.corpus == null || features.isEmpty(),
                "training.corpus",
                "cannot be combined with features: the corpus series carry none");
        require(calendar != null, "calendar", "must be a list of hourOfDay, dayOfWeek, monthOfYear");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            String field = "features[" + i + "]";
            require(f != null && notBlank(f.name), field + ".name", "must name a feature");
            require(names.add(f.name), field + ".name", "'" + f.name + "' is listed twice");
            require(
                    "observed".equals(f.known) || "ahead".equals(f.known),
                    field + ".known",
                    "must be observed or ahead, not '" + f.known + "'");
            require(
                    !"ahead".equals(f.known),
                    field + ".known",
                    "ahead is not supported for '" + f.name + "': an observation carries only its own step's"
                            + " features, never future ones; use observed, or calendar: for known-ahead features");
        }
        Set<String> seen = new HashSet<>();
        for (String c : calendar) {
            try {
                CalendarFeature.parse(c);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("calendar: " + e.getMessage());
            }
            require(seen.add(c), "calendar", "'" + c + "' is listed twice");
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean ok, String field, String what) {
        if (!ok) {
            throw new ConfigException(field + ": " + what);
        }
    }
}
