# Sourced by the bench scripts: a throwaway Postgres cluster from the machine's PostgreSQL server
# binaries (Debian: the postgresql package; pgbench comes with postgresql-contrib), in
# target/bench/pg on a free port, stopped when the script exits. Settings beyond the defaults:
# more connections for 256 clients, and pg_stat_statements to count the statements a call runs.
#   BENCH_PG_BIN=/path/to/bin    the server binaries (default: pg_config --bindir, then /usr/lib/postgresql/*/bin)

bench_pg_bin() {
  if [[ -n "${BENCH_PG_BIN:-}" ]]; then echo "$BENCH_PG_BIN"; return; fi
  if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then pg_config --bindir; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  echo "No PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql and postgresql-contrib, or set BENCH_PG_BIN" >&2
  return 1
}

# Runs a server binary; as root, as the postgres user (initdb and postgres refuse to run as root).
bench_pg_run() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "${BENCH_PG_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

# A port nothing listens on now (bash's /dev/tcp: nothing else needed).
bench_free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

bench_pg_start() {
  PG_BIN=$(bench_pg_bin)
  PG_DIR="$PWD/target/bench/pg"
  PG_PORT=$(bench_free_port)
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  if [[ $(id -u) -eq 0 ]]; then chown "${BENCH_PG_USER:-postgres}" "$PG_DIR"; fi
  bench_pg_run "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$PG_DIR/initdb.log"
  cat >>"$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 400
shared_buffers = 256MB
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
log_destination = 'stderr'
CONF
  bench_pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null
  trap bench_pg_stop EXIT
  echo "Postgres $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in target/bench/pg)"
  # The JDBC URL also keeps the test JVM from starting an embedded Postgres of its own.
  BENCH_PG_ARGS=(-Dbench.pg.port="$PG_PORT" -Dbench.pg.bin="$PG_BIN" -Dbench.pg.dir="$PG_DIR"
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres")
}

bench_pg_stop() {
  bench_pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
}

# Packages the service unless asked not to (-Dbench.skipPackage: the jar is fresh already).
bench_package() {
  if [[ " $* " != *" -Dbench.skipPackage "* ]]; then
    ./mvnw -q package -DskipTests
  fi
}

# Packages the service, starts the cluster and runs the benchmark class $1 (JUnit tag bench).
bench_run() {
  local test=$1
  shift
  bench_package "$@"
  bench_pg_start
  ./mvnw -q test -Dbench.excluded=none -Dgroups=bench -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    "${BENCH_PG_ARGS[@]}" "$@"
}
