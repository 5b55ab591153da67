# Streamcast service image: `docker compose up` builds it (see docker-compose.yml).

# ---- build: the shaded jar
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer: a source change then does not download them again.
# go-offline may miss a few plugin dependencies; the package step below fetches those.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src/ src/
RUN mvn -B -DskipTests package

# ---- runtime
# Debian/Ubuntu based, not alpine: nd4j-native's binaries need glibc and libgomp.
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libgomp1 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 streamcast \
    && useradd --system --uid 10001 --gid streamcast --home-dir /app --shell /usr/sbin/nologin streamcast
WORKDIR /app
COPY --from=build /build/target/streamcast.jar /app/streamcast.jar
COPY topologies/ /app/topologies/
COPY config/ /app/config/
# Writable by the service: Kafka Streams state (stateDir "state" is relative to /app) and the
# native libraries JavaCPP unpacks on first use.
RUN mkdir -p /app/state /app/.javacpp \
    && chown -R streamcast:streamcast /app/state /app/.javacpp

# OpenMP spin-waits by default and would burn every core it is given; two threads, passive wait.
ENV OMP_NUM_THREADS=2 \
    OMP_WAIT_POLICY=PASSIVE \
    STREAMCAST_BOOTSTRAP_SERVERS=kafka:9092
# ND4J keeps tensors off heap: maxbytes caps those, maxphysicalbytes the whole process (heap +
# off heap + native), so size the container's memory limit above it. The heap is fixed
# (-Xms = -Xmx): a heap G1 shrinks and grows again stalls forecasting for seconds while it touches
# memory committed afresh (README, Performance).
ENV JAVA_OPTS="-Xms1g -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=4G -Dorg.bytedeco.javacpp.cachedir=/app/.javacpp"

USER streamcast
# /metrics and the REST API (/forecasts, /models, /health, /ready).
EXPOSE 9464
# /ready: healthy while the broker answers and every topology runs (not rebalancing); the same
# verdict /ready gives operators and load balancers.
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9464/ready > /dev/null || exit 1

# The service binds 127.0.0.1 unless told otherwise; in a container it must listen on all
# interfaces. Arguments given to `docker run IMAGE ...` are appended (e.g. --set horizon=12).
ENTRYPOINT ["sh", "-c", "exec java --add-modules jdk.incubator.vector $JAVA_OPTS -jar /app/streamcast.jar run --config /app/config/streamcast.yaml --topologies /app/topologies --http-host 0.0.0.0 --bootstrap-servers \"$STREAMCAST_BOOTSTRAP_SERVERS\" \"$@\"", "streamcast"]
