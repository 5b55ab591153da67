# What R's forecast package's 80% prediction intervals cover under the README's rolling-origin
# protocol, beside what Streamcast's backtest reports (coverage, MSIS): ets() and auto.arima()
# refitted at every origin on the series up to it, forecast(fit, h = H, level = 80).
# Needs Debian r-base-core and r-cran-forecast. Run from the repository root, one core:
#   OMP_NUM_THREADS=1 Rscript src/test/r/interval-reference.R air|co2|unemp|temps [max_origins] [refit_every]
# Protocol: n points, K = max(24, floor(0.2 n)) origins t = n-K .. n-1 (y[1..t] known), evenly
# subsampled to max_origins (500) when more; h = 1..H, H = period; pairs with t + h > n not
# scored; scale = mean |y[i] - y[i-m]| over the points up to the first origin. MASE and MSIS
# (width + 10 x each miss's distance at 80%, scaled alike) are means over series. Hourly temps
# refit every 24 origins and reuse the fitted model, re-estimating nothing, in between: a refit of
# 8,760 points at period 24 takes seconds, auto.arima minutes. auto.arima took 18 min on co2
# and 26 on unemployment here.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
key <- if (length(args) >= 1) args[1] else "air"
max_orig <- if (length(args) >= 2) as.integer(args[2]) else 500L
sets <- list(
  air   = list(file = "AirPassengers.csv",                period = 12, refit = 1),
  co2   = list(file = "co2.csv",                          period = 12, refit = 1),
  unemp = list(file = "vega_unemployment_industries.csv", period = 12, refit = 1),
  temps = list(file = "vega_hourly_temps.csv",            period = 24, refit = 24)
)
cfg <- sets[[key]]
if (is.null(cfg)) stop("data set: air, co2, unemp or temps")
refit_every <- if (length(args) >= 3) as.integer(args[3]) else cfg$refit
m <- cfg$period; H <- min(m, 24); level <- 80; alpha <- 1 - level / 100

d <- read.csv(file.path("src/main/resources/data", cfg$file), stringsAsFactors = FALSE)
d <- d[order(d$series, d$ts), ]
series <- split(d$value, d$series)

origins_for <- function(n) {
  K <- max(24L, as.integer(floor(0.2 * n)))
  o <- (n - K):(n - 1)
  if (length(o) > max_orig) o <- unique(round(seq(n - K, n - 1, length.out = max_orig)))
  o
}

fit_fun <- list(
  ets = function(y, prev) if (is.null(prev)) ets(y) else ets(y, model = prev, use.initial.values = TRUE),
  arima = function(y, prev) if (is.null(prev)) auto.arima(y) else Arima(y, model = prev)
)

run_method <- function(meth) {
  per_series <- list(); pairs_all <- list()
  for (s in names(series)) {
    y <- series[[s]]; n <- length(y)
    orig <- origins_for(n)
    scale <- mean(abs(diff(y[1:orig[1]], lag = m)))
    fit <- NULL; rows <- list()
    for (k in seq_along(orig)) {
      t <- orig[k]
      yt <- ts(y[1:t], frequency = m)
      refit <- ((k - 1) %% refit_every) == 0
      fit <- fit_fun[[meth]](yt, if (refit) NULL else fit)
      fc <- forecast(fit, h = H, level = level)
      hs <- 1:min(H, n - t)
      rows[[k]] <- data.frame(series = s, origin = t, h = hs, actual = y[t + hs],
                              mean = as.numeric(fc$mean)[hs],
                              lower = as.numeric(fc$lower[, 1])[hs],
                              upper = as.numeric(fc$upper[, 1])[hs])
    }
    p <- do.call(rbind, rows)
    p$cover <- p$lower <= p$actual & p$actual <= p$upper
    is_ <- (p$upper - p$lower) + (2 / alpha) * pmax(p$lower - p$actual, 0) +
           (2 / alpha) * pmax(p$actual - p$upper, 0)
    per_series[[s]] <- data.frame(series = s, n = n, origins = length(orig), pairs = nrow(p),
                                  scale = scale, MASE = mean(abs(p$actual - p$mean)) / scale,
                                  MSIS = mean(is_) / scale, coverage = mean(p$cover))
    pairs_all[[s]] <- p
  }
  list(per_series = do.call(rbind, per_series), pairs = do.call(rbind, pairs_all))
}

cat(sprintf("data set %s (%s), period %d, H %d, forecast %s, R %s, max origins %d, refit every %d origin(s)\n",
            key, cfg$file, m, H, packageVersion("forecast"), getRversion(), max_orig, refit_every))
for (meth in c("ets", "arima")) {
  t0 <- proc.time()[["elapsed"]]
  r <- run_method(meth)
  el <- proc.time()[["elapsed"]] - t0
  ps <- r$per_series; p <- r$pairs
  byh <- tapply(p$cover, p$h, mean)
  cat(sprintf("\n== %s / %s  (%.1f s)\n", key, meth, el))
  cat(sprintf("MASE %.3f  coverage80 %.1f%%  MSIS %.3f  pairs %d  series %d\n",
              mean(ps$MASE), 100 * mean(p$cover), mean(ps$MSIS), nrow(p), nrow(ps)))
  cat("coverage by h (%):", paste(round(100 * byh), collapse = " "), "\n")
  print(ps, row.names = FALSE, digits = 4)
}
