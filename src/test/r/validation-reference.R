# A second group of real seasonal data the project had not used, to confirm a base design chosen on
# the bundled and the six "unseen" sets (unseen-reference.R): monthly Seatbelts (front, rear,
# VanKilled, kms), mdeaths, fdeaths, AER's DutchSales; quarterly JohnsonJohnson, UKgas, austres,
# woolyrnq, AER's GermanUnemployment (unadjusted), UKNonDurables, USProdIndex (unadjusted).
# Needs Debian r-base-core, r-cran-forecast and r-cran-aer. Run from the repository root:
#   Rscript src/test/r/validation-reference.R export   -> out/validation/data/<name>.csv (series,ts,value)
#   Rscript src/test/r/validation-reference.R score    -> out/validation/r_results.csv (ETS and seasonal naive)
suppressMessages({library(forecast); library(AER)})
args <- commandArgs(TRUE)
mode <- if (length(args)) args[1] else "score"
data("Seatbelts", "UKLungDeaths", package = "datasets")
data("DutchSales", "GermanUnemployment", "UKNonDurables", "USProdIndex", package = "AER")
sets <- list(front = Seatbelts[, "front"], rear = Seatbelts[, "rear"], VanKilled = Seatbelts[, "VanKilled"],
             kms = Seatbelts[, "kms"], mdeaths = mdeaths, fdeaths = fdeaths, DutchSales = DutchSales,
             JohnsonJohnson = JohnsonJohnson, UKgas = UKgas, austres = austres, woolyrnq = forecast::woolyrnq,
             GermanUnemployment = GermanUnemployment[, "unadjusted"], UKNonDurables = UKNonDurables,
             USProdIndex = USProdIndex[, "unadjusted"])

iso <- function(x) {
  m <- frequency(x); tt <- as.numeric(time(x)); yr <- floor(tt + 1e-6); k <- round((tt - yr) * m)
  sprintf("%04d-%02d-01T00:00:00Z", yr, k * (12 / m) + 1)
}

if (mode == "export") {
  dir.create("out/validation/data", showWarnings = FALSE, recursive = TRUE)
  for (nm in names(sets)) {
    x <- sets[[nm]]
    write.csv(data.frame(series = nm, ts = iso(x), value = as.numeric(x)),
              sprintf("out/validation/data/%s.csv", nm), row.names = FALSE, quote = FALSE)
  }
  quit(save = "no")
}

out <- "out/validation/r_results.csv"
for (nm in names(sets)) {
  x <- sets[[nm]]; y <- as.numeric(x); n <- length(y); m <- frequency(x); H <- min(m, 24)
  K <- max(24, floor(0.2 * n))
  origins <- (n - K):(n - 1)
  t0 <- origins[1]
  scale <- mean(abs(y[(m + 1):t0] - y[1:(t0 - m)]))
  err <- list(snaive = c(), ets = c())
  for (t in origins) {
    hs <- 1:min(H, n - t)
    act <- y[t + hs]
    yt <- ts(y[1:t], start = start(x), frequency = m)
    err$snaive <- c(err$snaive, abs(act - y[t + hs - m * ((hs - 1) %/% m + 1)]))
    err$ets <- c(err$ets, abs(act - as.numeric(forecast(ets(yt), h = H)$mean)[hs]))
  }
  res <- data.frame(dataset = nm, period = m, horizon = H, n = n, first_origin = t0, scale = scale,
                    snaive = mean(err$snaive) / scale, ets = mean(err$ets) / scale)
  print(res, row.names = FALSE)
  write.table(res, out, sep = ",", row.names = FALSE, quote = FALSE,
              append = file.exists(out), col.names = !file.exists(out))
}
