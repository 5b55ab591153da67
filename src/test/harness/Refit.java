// Session 55's harness (src/site/markdown/accuracy.md, "the base's constants on short histories"):
// java -cp target/streamcast.jar src/test/harness/Refit.java 12 12 src/test/resources/data/r-monthly/*.csv src/main/resources/data/AirPassengers.csv
import io.streamcast.series.*;
import io.streamcast.training.SmoothingFit;
import java.nio.file.*;
import java.util.*;

public class Refit {
    static double[] read(Path p) throws Exception {
        List<String> lines = Files.readAllLines(p);
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) { String[] f = lines.get(i).split(","); v[i - 1] = Double.parseDouble(f[f.length - 1]); }
        return v;
    }
    // every: 0 = fit once at first origin; k = refit every k origins
    static double mase(double[] y, int period, int H, int every) {
        int n = y.length, hold = Math.max(24, (int) Math.ceil(0.2 * n)), first = n - hold; // first origin: forecast after index first-1
        double scale = 0; int c = 0;
        for (int i = period; i < first; i++) { scale += Math.abs(y[i] - y[i - period]); c++; }
        scale /= c;
        SmoothingParams p = null; Smoothing s = null; double err = 0; int m = 0;
        for (int t = first; t < n; t++) { // history y[0..t-1]
            if (p == null || (every > 0 && (t - first) % every == 0)) {
                double[] h = Arrays.copyOf(y, t);
                p = SmoothingFit.fit(Map.of("x", h), period, H, false).topology();
                s = Smoothing.of(h, period, p.log(), p);
            }
            double[] f = s.forecast(H, p);
            for (int k = 0; k < H && t + k < n; k++) { err += Math.abs(f[k] - y[t + k]); m++; }
            s.update(y[t], p);
        }
        return err / m / scale;
    }
    public static void main(String[] a) throws Exception {
        int period = Integer.parseInt(a[0]), H = Integer.parseInt(a[1]);
        double[] g = new double[4]; int[] evs = {0, 12, 6, 1};
        for (int i = 2; i < a.length; i++) {
            double[] y = read(Path.of(a[i]));
            StringBuilder sb = new StringBuilder(String.format("%-22s n=%d", Path.of(a[i]).getFileName(), y.length));
            for (int e = 0; e < evs.length; e++) { double v = mase(y, period, H, evs[e]); g[e] += Math.log(v); sb.append(String.format(" %.3f", v)); }
            System.out.println(sb);
        }
        int k = a.length - 2; System.out.printf("geo  once %.3f  every12 %.3f every6 %.3f every1 %.3f%n", Math.exp(g[0]/k), Math.exp(g[1]/k), Math.exp(g[2]/k), Math.exp(g[3]/k));
    }
}
