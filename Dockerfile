# syntax=docker/dockerfile:1
#
# redbun-server in a minimal image: the compiled server and CLI on `scratch`, plus exactly the
# shared libraries `ldd` says they need (glibc's, about 2.5 MB), nothing else: no shell, no
# package manager, no Bun.
#
#   docker build -t redbun --build-arg REDBUN_GIT_REV="$(git rev-parse --short HEAD)" .
#   docker run -p 6379:6379 -v redbun-data:/data redbun [--requirepass s3cret ...]
#
# Linted with dockerfilelint (`bun run lint:docker`). HEALTHCHECK has no --start-period: the server
# answers within ~60 ms of starting, and dockerfilelint 1.8 misreads that option's hyphen.
#
# docker/Dockerfile.local is this file's runtime stage for binaries built on the host
# (scripts/docker-smoke); test/release/docker.test.ts keeps the two stages identical.

ARG BUN_VERSION=1.4.5

FROM oven/bun:${BUN_VERSION} AS build
WORKDIR /src
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production --ignore-scripts
COPY cli ./cli
COPY src ./src
COPY scripts/build.ts ./scripts/build.ts
# The build context has no .git: the revision `--version` prints comes in as a build argument.
ARG REDBUN_GIT_REV=dev
RUN REDBUN_GIT_REV="${REDBUN_GIT_REV}" bun scripts/build.ts
# The runtime's whole filesystem: the two binaries, the libraries ldd lists (resolved, with
# their paths), the default config, and /data owned by the non-root user.
RUN mkdir -p /rootfs/usr/local/bin /rootfs/etc/redbun /rootfs/data \
  && cp dist/redbun-server dist/redbun-cli /rootfs/usr/local/bin/ \
  && ldd dist/redbun-server dist/redbun-cli \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' \
    | sort -u | xargs -I{} cp --parents -L {} /rootfs \
  && chown 65532:65532 /rootfs/data
COPY docker/redbun.conf /rootfs/etc/redbun/redbun.conf

FROM scratch
COPY --from=build /rootfs /
# runtime stage (kept identical to docker/Dockerfile.local from here on)
USER 65532:65532
WORKDIR /data
VOLUME /data
EXPOSE 6379
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["/usr/local/bin/redbun-cli", "ping"]
STOPSIGNAL SIGTERM
# Exec form: the server is PID 1 and gets SIGTERM itself (it installs its handler, so the
# kernel's PID 1 protection does not swallow it); it closes clients and exits 0.
ENTRYPOINT ["/usr/local/bin/redbun-server", "/etc/redbun/redbun.conf"]
