import { writeFileSync } from "node:fs";
import { z } from "zod";
import { TopologySchema } from "./schema";

/** JSON Schema of the topology document (input form: defaults make fields optional). */
export function topologyJsonSchema(): unknown {
  return z.toJSONSchema(TopologySchema, { io: "input" });
}

// `npx tsx lib/topology/export-json-schema.ts` regenerates docs/topology.schema.json.
if (process.argv[1]?.endsWith("export-json-schema.ts")) {
  const out = new URL("../../docs/topology.schema.json", import.meta.url);
  writeFileSync(out, `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`);
}
