// Bundles the sync worker (lib/sync/worker-cli.ts and the Portico code it imports) into one ES
// module, dist/worker.mjs; npm packages stay imports from node_modules. Run by scripts/worker.sh.
//
// Note: the worker runs bundled rather than through tsx: the TypeScript loader and its module graph
// cost about 40 MB of resident memory in a process whose budget is 300 MB.
import { build } from "esbuild";

await build({
  entryPoints: ["lib/sync/worker-cli.ts"],
  outfile: "dist/worker.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  sourcemap: "linked",
  logLevel: "warning",
});
