// Bundles the sync worker (lib/sync/worker-cli.ts and the Portico code it imports) into one ES
// module, dist/worker.mjs; npm packages stay imports from node_modules. Run by scripts/worker.sh.
//
// Note: the worker runs bundled rather than through tsx: the TypeScript loader and its module graph
// cost about 40 MB of resident memory in a process whose budget is 300 MB.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const result = await build({
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
  write: false,
});

// Written aside and renamed into place: workers started side by side from one checkout each
// rebuild, and none may load a file another is halfway through writing.
for (const file of result.outputFiles) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  const partial = `${file.path}.${process.pid}.partial`;
  writeFileSync(partial, file.contents);
  renameSync(partial, file.path);
}
