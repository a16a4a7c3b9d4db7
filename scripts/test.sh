#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL when a server answers on 127.0.0.1:5432
# (or at $TEST_POSTGRES_URL). Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/zhaoshang}

echo "== 测试：SQLite =="
env -u DATABASE_URL "$BIN/pytest" "$@"
sqlite_rc=$?

pg_rc=0
if "$BIN/python" scripts/pg_ready.py "$PG_URL"; then
  echo "== 测试：PostgreSQL =="
  DATABASE_URL="$PG_URL" "$BIN/pytest" "$@"
  pg_rc=$?
elif [[ "${REQUIRE_POSTGRES:-0}" == "1" ]]; then
  echo "PostgreSQL 不可用（$PG_URL），而本次要求在 PostgreSQL 上测试" >&2
  pg_rc=1
else
  echo "== 跳过 PostgreSQL：$PG_URL 无响应（设置 TEST_POSTGRES_URL 或启动 PostgreSQL 后重试）=="
fi
[[ $sqlite_rc -eq 0 && $pg_rc -eq 0 ]]
