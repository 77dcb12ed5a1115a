#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the test suite.
#
#   scripts/pg-test-cluster.sh run CMD [ARGS...]   start a cluster, run CMD with CHITIEU_TEST_PG_URL set, stop it
#   eval "$(scripts/pg-test-cluster.sh start)"     start one; prints the export lines (URL and folder)
#   scripts/pg-test-cluster.sh stop DIR            stop the cluster started in DIR and delete it
#
# Installs Debian's `postgresql` package with apt-get when no server binaries are found
# (needs root). As root, the cluster belongs to the `postgres` user (initdb refuses root).
# The cluster trusts local connections, listens on loopback only, on a free port, with
# durability switched off (fsync) since it is thrown away.
set -euo pipefail

log() { echo "pg-test-cluster: $*" >&2; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
        if [[ $(id -u) -ne 0 ]]; then
            log "PostgreSQL server binaries not found and not root: install the 'postgresql' package."
            return 1
        fi
        log "installing postgresql from Debian's packages..."
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bin dir port
    bin=$(pg_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/chitieu-pg.XXXXXX")
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && { id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown postgres "$dir"; }
    as_owner "$bin/initdb" -D "$dir/data" -U chitieu -A trust -E UTF8 --no-locale --no-sync >/dev/null
    port=$(free_port)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U chitieu chitieu_test
    log "cluster in $dir on 127.0.0.1:$port"
    echo "export CHITIEU_TEST_PG_URL=postgresql+psycopg://chitieu@127.0.0.1:$port/chitieu_test"
    echo "export CHITIEU_TEST_PG_DIR=$dir"
}

stop() {
    local dir=$1 bin
    [[ -d "$dir/data" ]] || { log "no cluster in $dir"; return 0; }
    bin=$(pg_bin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:?folder of the cluster}" ;;
    run)
        shift
        eval "$(start)"
        trap 'stop "$CHITIEU_TEST_PG_DIR"' EXIT
        "$@"
        ;;
    *)
        echo "usage: $0 start | stop DIR | run CMD [ARGS...]" >&2
        exit 2
        ;;
esac
