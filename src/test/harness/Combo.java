// Session 55's harness (src/site/markdown/accuracy.md, "the base's constants on short histories"):
// java -cp target/streamcast.jar src/test/harness/Combo.java 12 12 src/test/resources/data/r-monthly/*.csv src/main/resources/data/AirPassengers.csv
import io.streamcast.series.*;
import java.nio.file.*;
import java.util.*;

public class Combo {
    static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};
    static final double[] BETAS = {0, 0.01, 0.05, 0.1, 0.2};
    static final double[] GAMMAS = {0, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.95};
    static final double[] PHIS = {0.8, 0.9, 0.95, 0.98, 1.0};
    static double[] read(Path p) throws Exception {
        List<String> lines = Files.readAllLines(p);
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) { String[] f = lines.get(i).split(","); v[i - 1] = Double.parseDouble(f[f.length - 1]); }
        return v;
    }
    static List<SmoothingParams> grid(int period, boolean positive) {
        List<SmoothingParams> g = new ArrayList<>();
        double[] gammas = period > 1 ? GAMMAS : new double[] {0};
        for (boolean log : positive ? new boolean[] {false, true} : new boolean[] {false})
            for (double a : ALPHAS) for (double b : BETAS) for (double c : gammas) for (double f : PHIS) g.add(new SmoothingParams(a, b, c, f, log));
        return g;
    }
    static double crit(double[] y, int period, int H, SmoothingParams p) {
        double scale = 0; int c = 0;
        for (int i = period; i < y.length; i++) { scale += Math.abs(y[i] - y[i - period]); c++; }
        scale /= c;
        Smoothing s = new Smoothing(period, p.log());
        double o = 0, hs = 0; int on = 0, hn = 0;
        int oe = Math.max(1, (y.length - 1) / 500), he = Math.max(1, (y.length - H) / 500);
        for (int t = 0; t < y.length; t++) {
            s.update(y[t], p);
            if (!s.ready() || t + 1 >= y.length) continue;
            if (t % oe == 0) { o += err(s.oneStepForecast(p), y[t + 1]); on++; }
            if (t % he == 0) { int st = Math.min(H, y.length - 1 - t); double[] f = s.forecast(st, p); for (int h = 1; h <= st; h++) { hs += err(f[h - 1], y[t + h]); hn++; } }
        }
        if (on == 0 || hn == 0) return Double.MAX_VALUE;
        return o / on / scale + hs / hn / scale;
    }
    static double err(double f, double a) { double e = Math.abs(f - a); return Double.isFinite(e) ? e : Double.MAX_VALUE / 1e6; }
    // K: number of best grid points averaged; rel > 0: all within (1+rel) of best
    static double mase(double[] y, int period, int H, int K, double rel) {
        int n = y.length, hold = Math.max(24, (int) Math.ceil(0.2 * n)), first = n - hold;
        double scale = 0; int c = 0;
        for (int i = period; i < first; i++) { scale += Math.abs(y[i] - y[i - period]); c++; }
        scale /= c;
        double[] h0 = Arrays.copyOf(y, first);
        List<SmoothingParams> g = grid(period, Smoothing.allPositive(h0));
        double[] cr = new double[g.size()];
        for (int i = 0; i < g.size(); i++) cr[i] = crit(h0, period, H, g.get(i));
        Integer[] idx = new Integer[g.size()]; for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(cr[a], cr[b])); // stable: ties first wins
        List<SmoothingParams> chosen = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            if (rel > 0 ? cr[idx[i]] <= cr[idx[0]] * (1 + rel) : i < K) chosen.add(g.get(idx[i]));
        }
        List<Smoothing> ss = new ArrayList<>();
        for (SmoothingParams p : chosen) ss.add(Smoothing.of(h0, period, p.log(), p));
        double e = 0; int m = 0;
        for (int t = first; t < n; t++) {
            double[] f = new double[H];
            for (int j = 0; j < ss.size(); j++) { double[] fj = ss.get(j).forecast(H, chosen.get(j)); for (int k = 0; k < H; k++) f[k] += fj[k] / ss.size(); }
            for (int k = 0; k < H && t + k < n; k++) { e += Math.abs(f[k] - y[t + k]); m++; }
            for (int j = 0; j < ss.size(); j++) ss.get(j).update(y[t], chosen.get(j));
        }
        return e / m / scale;
    }
    public static void main(String[] a) throws Exception {
        int period = Integer.parseInt(a[0]), H = Integer.parseInt(a[1]);
        int[] Ks = {1, 5, 20, 100, 0, 0, 0}; double[] rels = {0, 0, 0, 0, 0.01, 0.03, 0.1};
        double[] g = new double[Ks.length];
        for (int i = 2; i < a.length; i++) {
            double[] y = read(Path.of(a[i]));
            StringBuilder sb = new StringBuilder(String.format("%-22s n=%d", Path.of(a[i]).getFileName(), y.length));
            for (int e = 0; e < Ks.length; e++) { double v = mase(y, period, H, Ks[e], rels[e]); g[e] += Math.log(v); sb.append(String.format(" %.3f", v)); }
            System.out.println(sb);
        }
        int k = a.length - 2; StringBuilder sb = new StringBuilder("geo K1 K5 K20 K100 r1% r3% r10%:");
        for (double x : g) sb.append(String.format(" %.3f", Math.exp(x / k))); System.out.println(sb);
    }
}
