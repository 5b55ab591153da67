# Bootstrapped copies of a data set's own series as a pretraining corpus, for
# src/site/markdown/accuracy.md's "Tried and not adopted: the topology's own series, bootstrapped".
# Bergmeir, Hyndman & Benitez (2016): Box-Cox, STL, moving-block bootstrap of the remainder
# (forecast::bld.mbb.bootstrap), of each series' part before the backtest's first origin (the
# protocol's: the last max(24, 20%) points of every series are origins, the earliest of all series
# cuts), so the copies carry nothing from the test period. Needs Debian r-cran-forecast.
#   Rscript src/test/r/bootstrap-corpus.R <data.csv> <corpus.csv> <copies> <period> <seed>
# then: bin/streamcast backtest ... --set training.corpus=<absolute path of corpus.csv>
suppressMessages(library(forecast))
args <- commandArgs(TRUE)
data <- read.csv(args[1], stringsAsFactors = FALSE)
num <- as.integer(args[3]); freq <- as.integer(args[4]); seed <- as.integer(args[5])
set.seed(seed)
ids <- unique(data$series)
lens <- sapply(ids, function(s) sum(data$series == s))
hold <- pmax(24, ceiling(0.2 * lens))
firstOrigin <- min(sapply(seq_along(ids), function(i) data$ts[data$series == ids[i]][lens[i] - hold[i] + 1]))
cat("first origin", firstOrigin, "\n", file = stderr())
out <- list()
for (s in ids) {
  d <- data[data$series == s & data$ts < firstOrigin, ]
  if (nrow(d) < 2 * freq + 2) next
  x <- ts(d$value, frequency = freq)
  shift <- if (min(x) <= 0) 1 - min(x) else 0
  boots <- bld.mbb.bootstrap(x + shift, num + 1)
  for (b in 2:(num + 1)) {
    out[[length(out) + 1]] <- data.frame(series = paste0(s, "~b", b - 1), ts = d$ts, value = round(as.numeric(boots[[b]]) - shift, 4))
  }
}
write.csv(do.call(rbind, out), args[2], row.names = FALSE, quote = FALSE)
