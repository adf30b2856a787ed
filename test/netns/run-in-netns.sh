#!/bin/sh
# Runs a command in a network namespace of its own, for tests whose WebRTC peers need non-loopback
# addresses (werift gathers ICE candidates only from non-internal interfaces, and skips any named
# veth*/vmnet*/tun*/tap*). Inside: `lo` up, and a veth pair tgr-a (10.200.0.1/24) / tgr-b
# (10.200.0.2/24) with both ends in the namespace, so every packet stays in it. The machine's real
# interfaces and addresses do not exist there, and nothing can leave. The namespace ends with the
# command.
#
#   test/netns/run-in-netns.sh <command> [args...]
#
# Needs `unshare` (util-linux) and `ip` (iproute2). As root it uses a plain network namespace;
# otherwise it asks for a user namespace too (unshare -r), where the kernel allows that.
set -eu

if [ "${TRYGR_NETNS_INSIDE:-}" != "1" ]; then
  if [ "$#" -eq 0 ]; then
    echo "usage: $0 <command> [args...]" >&2
    exit 2
  fi
  command -v unshare >/dev/null 2>&1 || { echo "run-in-netns: 'unshare' (util-linux) is not installed" >&2; exit 3; }
  command -v ip >/dev/null 2>&1 || { echo "run-in-netns: 'ip' (iproute2) is not installed" >&2; exit 3; }
  if [ "$(id -u)" = "0" ]; then
    exec env TRYGR_NETNS_INSIDE=1 unshare --net -- sh "$0" "$@"
  fi
  exec env TRYGR_NETNS_INSIDE=1 unshare --user --map-root-user --net -- sh "$0" "$@"
fi

ip link set lo up
ip link add tgr-a type veth peer name tgr-b
ip addr add 10.200.0.1/24 dev tgr-a
ip addr add 10.200.0.2/24 dev tgr-b
ip link set tgr-a up
ip link set tgr-b up
export TRYGR_NETNS=1
exec "$@"
