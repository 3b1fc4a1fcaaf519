package io.driftmonitor.bench.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.driftmonitor.bench.Workload;
import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.config.MonitorConfig;
import io.driftmonitor.drift.BaselineBuilder;
import io.driftmonitor.drift.BaselineView;
import io.driftmonitor.drift.PredictionSignals;
import io.driftmonitor.drift.WindowEvaluator;
import io.driftmonitor.schema.Baseline;
import io.driftmonitor.schema.DriftEvent;
import io.driftmonitor.schema.PredictionEvent;
import io.driftmonitor.serde.InMemorySchemaRegistry;
import io.driftmonitor.serde.PredictionDecoder;
import io.driftmonitor.state.WindowPartial;
import io.driftmonitor.state.WindowPartialCodec;
import io.driftmonitor.stats.CategoricalHistogram;
import io.driftmonitor.stats.NumericHistogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The monitor's per-record and per-window hot path on the benchmark workload (50 numeric + 10
 * categorical features, one model, one segment key): the same classes as level 1 and level 2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {
    private static final int RECORDS = 1024;

    private PredictionDecoder decoder;
    private byte[][] encoded;
    private PredictionEvent[] events;
    /** The same records as the reader hands them to level 1 (features by position). */
    private PredictionEvent[] decoded;
    private WindowPartial segmentPartial;
    private double[] values;
    private String[] categories;
    private NumericHistogram numeric;
    private CategoricalHistogram categorical;
    private BaselineView baseline;
    private PredictionSignals signals;
    private WindowPartial partial;
    private WindowPartial full;
    private byte[] fullBytes;
    private ModelPolicy policy;
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.named("jmh-" + System.nanoTime());
        Workload workload = new Workload(50, 10, 1, "model-", registry, "predictions-value");
        policy = MonitorConfig.defaults().defaults;
        Baseline b = workload.baselines(policy).get(0);
        baseline = new BaselineView(b);
        decoder = new PredictionDecoder(registry);
        Random random = new Random(1);
        encoded = new byte[RECORDS][];
        events = new PredictionEvent[RECORDS];
        decoded = new PredictionEvent[RECORDS];
        values = new double[RECORDS];
        categories = new String[RECORDS];
        for (int r = 0; r < RECORDS; r++) {
            events[r] = workload.event(random, r, Workload.START_MS + r);
            encoded[r] = workload.encode(events[r]);
            decoded[r] = decoder.decode(null, encoded[r], -1);
            values[r] = random.nextGaussian();
            categories[r] = "v" + random.nextInt(9);
        }
        numeric = BaselineBuilder.accumulatorFor(baseline.find(null, "feature:n0")).numeric();
        categorical = BaselineBuilder.accumulatorFor(baseline.find(null, "feature:c0")).categorical();
        signals = new PredictionSignals();
        partial = newPartial();
        segmentPartial = new WindowPartial("model-0", Workload.START_MS, Workload.START_MS + 60_000, "country=DE",
            baseline.version());
        full = newPartial();
        for (PredictionEvent e : events) {
            feed(full, e);
        }
        fullBytes = WindowPartialCodec.encode(full);
    }

    private WindowPartial newPartial() {
        return new WindowPartial("model-0", Workload.START_MS, Workload.START_MS + 60_000, WindowPartial.ALL,
            baseline.version());
    }

    private void feed(WindowPartial p, PredictionEvent e) {
        p.countRecord(e.getTimestamp(), null, 0, 0);
        signals.feed(p, e, name -> BaselineBuilder.accumulatorFor(baseline.find(null, name)));
    }

    private int next() {
        i = (i + 1) & (RECORDS - 1);
        return i;
    }

    /** Avro wire format to a PredictionEvent, with the registry lookup and validation. */
    @Benchmark
    public PredictionEvent decode() {
        return decoder.decode(null, encoded[next()], -1);
    }

    /** Binary search of a value among a baseline's 10-bin edges. */
    @Benchmark
    public int binLookup() {
        return NumericHistogram.binIndex(numeric.edges(), values[next()]);
    }

    /** One value into a numeric histogram (bin lookup, count, sums). */
    @Benchmark
    public NumericHistogram histogramUpdate() {
        numeric.add(values[next()]);
        return numeric;
    }

    /** One value into a categorical histogram (hash lookup, or __other__). */
    @Benchmark
    public CategoricalHistogram categoricalLookup() {
        categorical.add(categories[next()]);
        return categorical;
    }

    /** A whole decoded record (61 signals plus score and label) into a window partial: level 1 per record. */
    @Benchmark
    public WindowPartial feedRecord() {
        feed(partial, events[next()]);
        return partial;
    }

    /** A record as the reader hands it to level 1 (features by position) into a window partial. */
    @Benchmark
    public WindowPartial feedDecodedRecord() {
        feed(partial, decoded[next()]);
        return partial;
    }

    /**
     * Level 1's own work per record, as the plain loop of the end-to-end bench does it: decode, then
     * count into the whole model's partial and the record's segment's.
     */
    @Benchmark
    public WindowPartial levelOneRecord() {
        PredictionEvent e = decoder.decode(null, encoded[next()], -1);
        feed(partial, e);
        segmentPartial.countRecord(e.getTimestamp(), null, 0, 0);
        signals.feed(segmentPartial, e, name -> BaselineBuilder.accumulatorFor(baseline.find("country=DE", name)));
        return segmentPartial;
    }

    /** Level 2: merging one partition's partial of a window into the model's. */
    @Benchmark
    public WindowPartial merge() {
        WindowPartial target = newPartial();
        target.merge(full);
        return target;
    }

    /** Level 2 at window close: every signal compared with the baseline (metrics, tests, decisions). */
    @Benchmark
    public List<DriftEvent> evaluateWindow() {
        List<WindowPartial> partials = new ArrayList<>(1);
        partials.add(full);
        return WindowEvaluator.evaluate(partials, baseline, policy);
    }

    /** A partial's image for the changelog and the partials topic. */
    @Benchmark
    public byte[] serialisePartial() {
        return WindowPartialCodec.encode(full);
    }

    @Benchmark
    public WindowPartial deserialisePartial() {
        return WindowPartialCodec.decode(fullBytes);
    }
}
