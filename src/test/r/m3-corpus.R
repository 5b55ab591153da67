# The M3 competition's 1,428 monthly series (Makridakis & Hibon 2000) as a pretraining corpus and
# as unseen test topologies, for src/site/markdown/accuracy.md's "Tried and not adopted: a corpus of 1,400 M3
# monthly series". The project does not ship them. Needs Debian r-base-core and the M3 object of
# R's Mcomp package (CRAN `install.packages("Mcomp")`, or its data/M3.rda from
# github.com/robjhyndman/Mcomp). Run from the repository root:
#   Rscript src/test/r/m3-corpus.R export [M3.rda] -> out/m3/m3-all.csv, out/m3/test-<group>.csv,
#                                                    out/m3/corpus-no-<group>.csv,
#                                                    out/m3/aligned-<group>.csv (series,ts,value),
#                                                    out/m3/m3-types.csv (series,type)
#   Rscript src/test/r/m3-corpus.R score [M3.rda]  -> out/m3/r_results.csv: per group, the mean
#        per-series MASE of R forecast's ets(), seasonal naive and naive under the README's
#        rolling-origin protocol (needs r-cran-forecast); BaseGeneralisationTest holds the base
#        against these on the groups' files (src/test/resources/data/m3-monthly/).
# Each series is its training part followed by its 18 test months, dated from its own start; the
# 29 series without a real start date (year 1) are left out, since a corpus is cut in time.
args <- commandArgs(TRUE)
mode <- if (length(args)) args[1] else "export"
if (length(args) > 1) load(args[2]) else M3 <- Mcomp::M3

monthly <- Filter(function(s) s$period == "MONTHLY" && tsp(s$x)[1] > 1000, M3)
frame <- function(s) {
  y <- c(as.numeric(s$x), as.numeric(s$xx))
  st <- tsp(s$x)[1]; yr <- floor(st + 1e-9); mo <- round((st - yr) * 12) + 1
  d <- seq(as.Date(sprintf("%04d-%02d-01", yr, mo)), by = "month", length.out = length(y))
  data.frame(series = s$sn, ts = paste0(format(d, "%Y-%m-%d"), "T00:00:00Z"), value = y)
}
all <- do.call(rbind, lapply(monthly, frame))

# Ten series of at least 96 months per M3 category, drawn once (Python's
# random.Random(2026).sample over each category's eligible series in name order) and fixed here.
groups <- list(
  macro = c("N2270", "N2373", "N2468", "N2474", "N2262", "N2324", "N2498", "N2425", "N2508", "N2494"),
  micro = c("N1866", "N1875", "N1804", "N1871", "N1829", "N1791", "N1740", "N1679", "N1836", "N1699"),
  industry = c("N1932", "N2023", "N1926", "N2106", "N1881", "N2127", "N2036", "N1983", "N2079", "N2004"),
  finance = c("N2566", "N2644", "N2567", "N2626", "N2570", "N2618", "N2587", "N2603", "N2531", "N2615"),
  demographic = c("N2710", "N2678", "N2738", "N2735", "N2704", "N2703", "N2725", "N2685", "N2768", "N2776"),
  other = c("N2800", "N2796", "N2787", "N2778", "N2789", "N2799", "N2792", "N2791", "N2779", "N2784"),
  # Drawn alike from the macro series that start in 1975 or later: "macro" holds one from 1959,
  # which cuts a corpus at 1964.
  `macro-1980s` = c("N2240", "N2291", "N2338", "N2454", "N2341", "N2375", "N2430", "N2236", "N2436", "N2267"))

# Thirteen topologies of series that share their dates, as a live stream's series do (the same
# category, start and length), for BaseGeneralisationTest's per-series constants: every tenth of
# the 123 such groups of 5-10 series (M3 series not in `groups` above, grouped by category, start
# and length, shuffled with Python's random.seed(7) within each, cut in tens, groups sorted by
# category, start and length); src/test/resources/data/m3-aligned/.
aligned <- list(
  `demographic-1972-01-a` = c("N2757", "N2767", "N2759", "N2761", "N2766", "N2758", "N2756", "N2763", "N2762", "N2755"),
  `finance-1982-01-a` = c("N2525", "N2526", "N2527", "N2523", "N2524"),
  `industry-1978-01-a` = c("N2099", "N2165", "N2136", "N2031", "N2002", "N2123", "N2158", "N2052", "N2117", "N1980"),
  `industry-1982-01-a` = c("N1929", "N1946", "N2115", "N2154", "N2016", "N2179", "N1893", "N1955", "N1934", "N1925"),
  `industry-1983-01-a` = c("N2051", "N2050", "N2049", "N1952", "N2140", "N2157", "N2039", "N1936", "N2153", "N2196"),
  `macro-1964-01-a` = c("N2481", "N2460", "N2477", "N2484", "N2488", "N2476", "N2478", "N2485", "N2489", "N2482"),
  `macro-1983-01-a` = c("N2423", "N2265", "N2446", "N2350", "N2245", "N2228", "N2253", "N2387", "N2223", "N2429"),
  `macro-1983-01-b` = c("N2273", "N2382", "N2302", "N2374", "N2238", "N2349", "N2335", "N2439", "N2266", "N2343"),
  `micro-1984-10-a` = c("N1805", "N1802", "N1781", "N1818", "N1828", "N1717", "N1694", "N1688", "N1779", "N1773"),
  `micro-1984-10-b` = c("N1723", "N1711", "N1782", "N1826", "N1807", "N1759", "N1743", "N1785", "N1748", "N1747"),
  `micro-1990-01-a` = c("N1635", "N1599", "N1566", "N1633", "N1662", "N1531", "N1498", "N1532", "N1475", "N1595"),
  `micro-1990-01-b` = c("N1480", "N1458", "N1497", "N1422", "N1466", "N1547", "N1453", "N1665", "N1624", "N1484"),
  `micro-1990-01-c` = c("N1426", "N1474", "N1433", "N1520", "N1457", "N1572", "N1434", "N1590", "N1653", "N1526"))

if (mode == "score") {
  groups <- c(groups, aligned)
  suppressMessages(library(forecast))
  H <- 12; m <- 12
  rows <- list()
  for (g in names(groups)) {
    mase <- NULL
    for (s in Filter(function(s) s$sn %in% groups[[g]], monthly)) {
      y <- c(as.numeric(s$x), as.numeric(s$xx)); n <- length(y)
      K <- max(24, floor(0.2 * n))
      origins <- (n - K):(n - 1)
      t0 <- origins[1]
      scale <- mean(abs(y[(m + 1):t0] - y[1:(t0 - m)]))
      err <- list(naive = c(), snaive = c(), ets = c())
      for (t in origins) {
        hs <- 1:min(H, n - t)
        act <- y[t + hs]
        err$naive <- c(err$naive, abs(act - y[t]))
        err$snaive <- c(err$snaive, abs(act - y[t + hs - m]))
        fe <- forecast(ets(ts(y[1:t], frequency = m)), h = H)$mean
        err$ets <- c(err$ets, abs(act - as.numeric(fe)[hs]))
      }
      mase <- rbind(mase, sapply(err, function(e) mean(e) / scale))
    }
    rows[[g]] <- data.frame(group = g, series = nrow(mase), t(colMeans(mase)))
    print(rows[[g]], row.names = FALSE)
  }
  dir.create("out/m3", showWarnings = FALSE, recursive = TRUE)
  write.csv(do.call(rbind, rows), "out/m3/r_results.csv", row.names = FALSE, quote = FALSE)
  quit(save = "no")
}

dir.create("out/m3", showWarnings = FALSE, recursive = TRUE)
out <- function(x, name) write.csv(x, file.path("out/m3", name), row.names = FALSE, quote = FALSE)
out(all, "m3-all.csv")
out(data.frame(series = sapply(monthly, function(s) s$sn), type = sapply(monthly, function(s) s$type)), "m3-types.csv")
for (g in names(groups)) {
  out(all[all$series %in% groups[[g]], ], sprintf("test-%s.csv", g))
  out(all[!(all$series %in% groups[[g]]), ], sprintf("corpus-no-%s.csv", g))
}
for (g in names(aligned)) {
  x <- all[all$series %in% aligned[[g]], ]
  out(x[order(match(x$series, aligned[[g]])), ], sprintf("aligned-%s.csv", g))
}
cat(length(unique(all$series)), "series,", nrow(all), "values in out/m3\n")
