// `npm run release`: builds release/, one folder that runs with nothing but Node.js (24 LTS is the
// target; 20.19+ works):
//   node migrate.js   creates the database when missing and applies every migration
//   node server.js    the web app (Next.js standalone server; PORT, HOSTNAME)
//   node worker.js    a sync worker
// The web app is Next.js's standalone output (server.js plus the node_modules files it traces,
// production packages only). The worker and the migrator are bundled ahead of time with esbuild into
// one file each, npm packages included, so nothing is compiled or installed at start and the
// folder can live on a read-only filesystem.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "release");
// Note: a dist folder of its own, so a release build never replaces the build of `npm start`, and
// a tsconfig of its own, since Next.js adds its dist folder's type folders to the one it uses.
// Note: directly under the project, because Next.js takes the module type of the standalone server
// from the package.json beside its dist folder (this project's, "type": "module").
const distDir = ".next-release";

process.chdir(root);
rmSync(out, { recursive: true, force: true });

console.log("==> Web app (next build, standalone output)");
const next = spawnSync("npx", ["next", "build"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PORTICO_STANDALONE: "1",
    PORTICO_NEXT_DIST_DIR: distDir,
    PORTICO_NEXT_TSCONFIG: "scripts/tsconfig.release.json",
    NEXT_TELEMETRY_DISABLED: "1",
  },
});
if (next.status !== 0) process.exit(next.status ?? 1);
cpSync(path.join(distDir, "standalone"), out, { recursive: true });
// The standalone server serves neither the client assets nor public/ itself unless they are copied in.
cpSync(path.join(distDir, "static"), path.join(out, distDir, "static"), { recursive: true });
cpSync("public", path.join(out, "public"), { recursive: true });
// Local state must never ship, whatever file tracing picked up.
rmSync(path.join(out, ".portico"), { recursive: true, force: true });

console.log("==> Worker and migrator (esbuild)");
// Note: CommonJS packages inside an ES module bundle call require() for Node's built-ins, and the
// bundled code works from the bundle's folder the way server.js does (migrations, key file).
const banner = [
  'import { createRequire as __createRequire } from "node:module";',
  'import { fileURLToPath as __fileURLToPath } from "node:url";',
  "const require = __createRequire(import.meta.url);",
  "process.chdir(__fileURLToPath(new URL('.', import.meta.url)));",
].join("\n");
await build({
  entryPoints: { worker: "lib/sync/worker-cli.ts", migrate: "lib/db/migrate-cli.ts" },
  outdir: out,
  outExtension: { ".js": ".js" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: "tsconfig.json",
  // pg's native binding is optional and never loaded unless NODE_PG_FORCE_NATIVE is set; TypeScript
  // is loaded by graphile-worker's config loader (cosmiconfig) only for a TypeScript config file,
  // which Portico does not use. Left out, they take 9 MB off the worker.
  external: ["pg-native", "typescript"],
  banner: { js: banner },
  define: { "process.env.NODE_ENV": '"production"' },
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
});

mkdirSync(path.join(out, "prisma"), { recursive: true });
cpSync("prisma/migrations", path.join(out, "prisma/migrations"), { recursive: true });

// The bundle's own package.json: ES modules, the version, the engines; no dependencies to install.
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
writeFileSync(
  path.join(out, "package.json"),
  JSON.stringify(
    {
      name: pkg.name,
      version: pkg.version,
      private: true,
      type: "module",
      engines: pkg.engines,
      scripts: { migrate: "node migrate.js", start: "node server.js", worker: "node worker.js" },
    },
    null,
    2,
  ) + "\n",
);
for (const file of ["server.js", "worker.js", "migrate.js", "prisma/migrations", "public/favicon.ico"]) {
  if (!existsSync(path.join(out, file))) throw new Error(`release/ lacks ${file}`);
}
console.log(`==> release/ is ready: node migrate.js && node server.js & node worker.js`);
