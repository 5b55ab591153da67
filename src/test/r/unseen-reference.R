# Reference figures on real monthly data the project does not ship: R forecast (ets, auto.arima,
# seasonal naive, naive) under the rolling-origin protocol of the README's Accuracy section.
# Needs Debian r-base-core and r-cran-forecast. Run from the repository root:
#   Rscript src/test/r/unseen-reference.R export          -> out/unseen/data/<name>.csv (series,ts,value)
#   Rscript src/test/r/unseen-reference.R score [EVERY]   -> out/unseen/r_results.csv (auto.arima refit every EVERY origins)
# then `bin/streamcast backtest ... --data out/unseen/data/<name>.csv --set training.epochs=0` for the base.
suppressMessages(library(forecast))
args <- commandArgs(TRUE)
mode <- if (length(args)) args[1] else "score"
arima_every <- if (length(args) > 1) as.integer(args[2]) else 1L
only <- if (length(args) > 2) strsplit(args[3], ",")[[1]] else NULL

sets <- list(USAccDeaths = USAccDeaths, ldeaths = ldeaths, nottem = nottem,
             UKDriverDeaths = UKDriverDeaths, wineind = forecast::wineind, gas = forecast::gas)
if (!is.null(only)) sets <- sets[only]
stopifnot(all(sapply(sets, frequency) == 12))

iso <- function(x) {
  tt <- as.numeric(time(x)); yr <- floor(tt + 1e-6); mo <- round((tt - yr) * 12) + 1
  sprintf("%04d-%02d-01T00:00:00Z", yr, mo)
}

if (mode == "export") {
  dir.create("out/unseen/data", showWarnings = FALSE, recursive = TRUE)
  for (nm in names(sets)) {
    x <- sets[[nm]]
    write.csv(data.frame(series = nm, ts = iso(x), value = as.numeric(x)),
              sprintf("out/unseen/data/%s.csv", nm), row.names = FALSE, quote = FALSE)
  }
  quit(save = "no")
}

H <- 12; m <- 12
out <- "out/unseen/r_results.csv"
for (nm in names(sets)) {
  x <- sets[[nm]]; y <- as.numeric(x); n <- length(y)
  K <- max(24, floor(0.2 * n))
  origins <- (n - K):(n - 1)
  if (K > 500) origins <- unique(round(seq(n - K, n - 1, length.out = 500)))
  t0 <- origins[1]
  scale <- mean(abs(y[(m + 1):t0] - y[1:(t0 - m)]))
  err <- list(naive = c(), snaive = c(), ets = c(), arima = c())
  afit <- NULL; ai <- 0; tm <- c(ets = 0, arima = 0)
  for (t in origins) {
    hs <- 1:min(H, n - t)
    act <- y[t + hs]
    yt <- ts(y[1:t], start = start(x), frequency = m)
    err$naive <- c(err$naive, abs(act - y[t]))
    err$snaive <- c(err$snaive, abs(act - y[t + hs - m]))
    tm["ets"] <- tm["ets"] + system.time(fe <- forecast(ets(yt), h = H)$mean)[3]
    err$ets <- c(err$ets, abs(act - as.numeric(fe)[hs]))
    tm["arima"] <- tm["arima"] + system.time({
      if (ai %% arima_every == 0) afit <- auto.arima(yt) else afit <- Arima(yt, model = afit)
      fa <- forecast(afit, h = H)$mean
    })[3]
    ai <- ai + 1
    err$arima <- c(err$arima, abs(act - as.numeric(fa)[hs]))
  }
  res <- data.frame(dataset = nm, n = n, K = K, first_origin = t0, pairs = length(err$naive), scale = scale,
                    naive = mean(err$naive) / scale, snaive = mean(err$snaive) / scale,
                    ets = mean(err$ets) / scale, arima = mean(err$arima) / scale,
                    arima_refit_every = arima_every, ets_sec = tm["ets"], arima_sec = tm["arima"])
  print(res, row.names = FALSE)
  write.table(res, out, sep = ",", row.names = FALSE, quote = FALSE,
              append = file.exists(out), col.names = !file.exists(out))
}
