# Multi-stage build: a static binary on an empty (scratch) base, run as a non-root user.
# The binary embeds its migrations, pilot files, OpenAPI document, time-zone data and the
# pages with their vendored front-end assets (internal/web/static): no Node is needed.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/startbaan ./cmd/startbaan

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/startbaan /startbaan
# 65532 is the conventional "nonroot" id; no shell or package manager in the image.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/startbaan"]
CMD ["serve"]
