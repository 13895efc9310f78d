#!/usr/bin/env bash
# Times seed_demo on a fresh PostgreSQL database.
#   bench/seed_demo.sh [FAMILIES]        (default 100000)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres); makes and drops the database piew_bench.
set -euo pipefail
cd "$(dirname "$0")/.."
families=${1:-100000}
db=postgres://postgres@127.0.0.1:5432/piew_bench
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS piew_bench" -qc "CREATE DATABASE piew_bench"
trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS piew_bench"' EXIT
DATABASE_URL=$db .venv/bin/python manage.py migrate -v0
start=$(date +%s.%N)
DATABASE_URL=$db .venv/bin/python manage.py seed_demo --families "$families" > /dev/null
end=$(date +%s.%N)
printf 'seed_demo --families %s on PostgreSQL: %.1f s\n' "$families" "$(echo "$end - $start" | bc)"
DATABASE_URL=$db .venv/bin/python manage.py shell -c "
from families.models import Family, Caregiver, Child, Case
print(f'{Family.objects.count()} families, {Caregiver.objects.count()} parents and carers, '
      f'{Child.objects.count()} babies, {Case.objects.count()} cases')"
