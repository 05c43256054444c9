// Runs the release bundle's processes (`node server.js`, `node worker.js`) the way an operator
// does: in a copy of release/, with nothing but `node` and the settings given. Shared by the tests
// that start the bundle.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export const RELEASE = path.resolve("release");
/** The Node.js that runs the bundle: this one, or another given by path (the image's Node 24, say). */
export const RELEASE_NODE = process.env.PORTICO_RELEASE_NODE || process.execPath;

/** Builds release/ when it is missing (asynchronously: vitest's worker must keep answering meanwhile). */
export async function ensureRelease(): Promise<void> {
  if (existsSync(path.join(RELEASE, "server.js"))) return;
  const build = spawn("npm", ["run", "--silent", "release"], { stdio: "inherit" });
  const status = await new Promise<number | null>((resolve) => build.once("exit", resolve));
  if (status !== 0) throw new Error(`npm run release failed (exit ${status})`);
}

/** A copy of release/ in a new temporary folder (the caller removes it). */
export function copyRelease(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-release-"));
  cpSync(RELEASE, dir, { recursive: true });
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  logs: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ""}\n${logs()}`);
}

export type NodeProcess = { child: ChildProcess; output: () => string };

/** Starts `node <file>` in `dir` with exactly `env`; its output is kept for failure messages. */
export function startNode(dir: string, file: string, env: NodeJS.ProcessEnv, label = file): NodeProcess {
  const child = spawn(RELEASE_NODE, [file], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  return { child, output: () => `--- ${label} ---\n${output}` };
}

/** SIGTERM, then SIGKILL after 15 s; resolves when the process has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** The cookies of a sign-in response as request headers for the JSON API (session + CSRF token). */
export function sessionHeaders(signIn: Response, origin: string): Record<string, string> {
  const cookies = new Map(
    signIn.headers.getSetCookie().map((c) => c.split(";")[0]!.split("=") as [string, string]),
  );
  return {
    "content-type": "application/json",
    origin,
    cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    "x-csrf-token": cookies.get("portico_csrf") ?? "",
  };
}
