#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the schema of
# the last commit to the working copy of prisma/schema.prisma.
#
# Note: the Prisma 7 CLI needs a native schema engine downloaded from Prisma's binary host for
# `migrate diff`/`migrate dev`. Prisma 6.19's CLI can run the WASM schema engine instead when its
# config sets `engine: "js"` with a driver adapter, so this script runs that CLI from a scratch
# folder (installed once from the npm registry) and diffs the two datamodels. It connects to a
# Postgres server (the local one by default, DIFF_DATABASE_URL otherwise) but changes nothing there.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh NAME (e.g. add_cluster_labels)}
tool=node_modules/.cache/prisma6-diff
if [ ! -x "$tool/node_modules/.bin/prisma" ]; then
  mkdir -p "$tool"
  echo '{"private":true}' > "$tool/package.json"
  (cd "$tool" && npm install --no-audit --no-fund --silent prisma@6.19.3 @prisma/adapter-pg@7 pg)
fi
cat > "$tool/prisma.config.ts" <<'CFG'
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaPg({ connectionString: process.env.DIFF_DATABASE_URL }),
} as never);
CFG
# Prisma 6 wants a datasource url and the prisma-client-js generator; neither affects the SQL.
to6() { sed 's/^  provider = "postgresql"$/  provider = "postgresql"\n  url = env("DATABASE_URL")/; /moduleFormat/d; s/provider *= "prisma-client"$/provider = "prisma-client-js"/'; }
git show HEAD:prisma/schema.prisma | to6 > "$tool/from.prisma"
to6 < prisma/schema.prisma > "$tool/to.prisma"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
sql=$(cd "$tool" && PRISMA_QUERY_ENGINE_LIBRARY="$PWD/package.json" DATABASE_URL=unused \
  DIFF_DATABASE_URL="${DIFF_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}" \
  npx prisma migrate diff --from-schema-datamodel from.prisma --to-schema-datamodel to.prisma --script)
if ! grep -qv '^--\|^$' <<<"$sql"; then echo "schema.prisma has no change against HEAD; nothing written."; exit 0; fi
mkdir -p "$dir" && printf '%s\n' "$sql" > "$dir/migration.sql"
echo "Wrote $dir/migration.sql; review it, then run npm run db:migrate."
