#!/usr/bin/env bash
# Builds the container image from docker/Dockerfile with the compose file's
# context (the checkout), then runs vigild from the image's filesystem and
# checks that it answers /healthz and loads the built-in rules as the
# unprivileged vigil user. Run it on every change to docker/ or to the
# dependency list (scripts/install-deps.sh); it takes about 15 minutes on 2 cores.
#
# Uses podman (Debian's package), rootful, with the vfs storage driver and
# chroot isolation, so it needs no daemon and no kernel overlay support. No
# image registry need be reachable: when there is no local debian:12 image,
# one is made with debootstrap from Debian's package mirror and imported,
# and tagged debian:12-slim too (the runtime stage's base). vigild runs in a
# chroot of the mounted image, since `podman run` needs more than some
# sandboxes allow; set IMAGE_CHECK_RUN=podman to use `podman run` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ "$(id -u)" -ne 0 ]; then
  echo "image-check: run as root (rootful podman, debootstrap, chroot)" >&2
  exit 1
fi
for tool in podman debootstrap curl; do
  if ! command -v "$tool" >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends podman debootstrap curl ca-certificates
    break
  fi
done

podman_args=(--storage-driver vfs)
image=localhost/vigil:image-check
work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-image-check.XXXXXX")
mounted=
cleanup() {
  [ -n "$mounted" ] && podman "${podman_args[@]}" image unmount "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! podman "${podman_args[@]}" image exists debian:12; then
  echo "image-check: no debian:12 image; making one with debootstrap"
  debootstrap --variant=minbase bookworm "$work/rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  tar -C "$work/rootfs" -c . | podman "${podman_args[@]}" import - debian:12
  podman "${podman_args[@]}" tag debian:12 debian:12-slim
  rm -rf "$work/rootfs"
fi

echo "image-check: building $image (context: the checkout, as docker/compose.yaml)"
podman "${podman_args[@]}" build --isolation chroot --network host --pull=never \
  -f docker/Dockerfile -t "$image" "$root"

echo "image-check: running vigild from the image"
if [ "${IMAGE_CHECK_RUN:-chroot}" = podman ]; then
  podman "${podman_args[@]}" run -d --rm --name vigil-image-check --network host "$image" \
    --insecure --listen 127.0.0.1:18720 >/dev/null
  trap 'podman "${podman_args[@]}" stop vigil-image-check >/dev/null 2>&1 || true; cleanup' EXIT
  address=127.0.0.1:18720
else
  fs=$(podman "${podman_args[@]}" image mount "$image")
  mounted=1
  # The runtime stage runs as vigil: so does the check, in a chroot of the
  # image with its own /proc and a data directory vigil owns.
  rundir=$fs/var/lib/vigil/image-check
  mkdir -p "$rundir" "$fs/proc" "$fs/dev"
  chroot "$fs" chown vigil:vigil /var/lib/vigil/image-check
  mount -t proc proc "$fs/proc"
  mount --bind /dev "$fs/dev"
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; umount "$fs/proc" "$fs/dev" || true; cleanup' EXIT
  chroot --userspec=vigil:vigil "$fs" /opt/vigil/bin/vigild --rules-dir /opt/vigil/share/vigil/rules \
    --listen 127.0.0.1:0 --data-dir /var/lib/vigil/image-check \
    --port-file /var/lib/vigil/image-check/port >"$work/vigild.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    [ -s "$rundir/port" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/vigild.log" >&2; echo "image-check: vigild exited" >&2; exit 1; }
    sleep 0.1
  done
  address=$(cat "$rundir/port")
fi

for _ in $(seq 100); do
  curl -fsS "http://$address/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://$address/healthz" >/dev/null || { echo "image-check: /healthz did not answer" >&2; exit 1; }
rules=$(curl -fsS "http://$address/api/v1/rules")
count=$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)["rules"]))' <<<"$rules")
shipped=$(find rules -name '*.toml' | wc -l)
if [ "$count" -ne "$shipped" ]; then
  echo "image-check: vigild from the image loaded $count rules, the checkout ships $shipped" >&2
  exit 1
fi
echo "image-check: passed (vigild from the image answers /healthz on $address, $count rules loaded)"
