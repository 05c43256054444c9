import { json, route } from "@/lib/api/handler";
import pkg from "@/package.json";

// Liveness: the process answers. Never touches the database, so an outage of Postgres does not make
// Kubernetes restart every pod. Permission: public
export const GET = route({ permission: "public" }, async () =>
  json({ status: "ok", version: pkg.version }, { headers: { "cache-control": "no-store" } }),
);

export const dynamic = "force-dynamic";
