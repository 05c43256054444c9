// `npm run up` stopped with SIGTERM (a process manager, a CI job's timeout; not a terminal's Ctrl-C)
// stops everything it started. It runs from a copy of the checkout made of symbolic links, so its
// .portico/ state stays apart from a developer's own demo.
import { spawn } from "node:child_process";
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createServer, connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase } from "@/lib/db/migrate";

// Written by up.sh or by the build it may start: kept out of the copy (tsconfig.json is copied, as
// Next.js may rewrite it).
const LOCAL_STATE = new Set([
  ".portico",
  ".next",
  ".next-release",
  "release",
  ".git",
  "test-results",
  "next-env.d.ts",
  "tsconfig.tsbuildinfo",
  "tsconfig.json",
]);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Processes whose working directory is `dir`: everything up.sh started runs there. */
function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("npm run up", () => {
  it("stops the demo clusters and every step it started when it gets SIGTERM", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-up-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const entry of readdirSync(".")) {
      if (!LOCAL_STATE.has(entry)) symlinkSync(path.resolve(entry), path.join(dir, entry));
    }
    copyFileSync("tsconfig.json", path.join(dir, "tsconfig.json"));
    const base = new URL(process.env.DATABASE_URL!);
    base.pathname = `${base.pathname}_up_${Math.random().toString(36).slice(2, 8)}`;
    cleanups.push(() => dropDatabase(base.toString()));
    const [port, simPort] = [await freePort(), await freePort()];

    const up = spawn("bash", [path.join(dir, "scripts/up.sh")], {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: base.toString(),
        PORT: String(port),
        PORTICO_SIM_PORT: String(simPort),
        PORTICO_LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    up.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    up.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => up.once("exit", (code) => resolve(code)));
    cleanups.push(() => {
      if (up.exitCode === null) up.kill("SIGKILL");
      for (const pid of processesIn(dir)) process.kill(pid, "SIGKILL");
    });

    const deadline = Date.now() + 180_000;
    const simReady = () => {
      try {
        return readFileSync(path.join(dir, ".portico/sim.ready"), "utf8").includes('"ready":true');
      } catch {
        return false;
      }
    };
    while (!simReady()) {
      if (Date.now() > deadline || up.exitCode !== null)
        throw new Error(`the demo clusters did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await answers(simPort)).toBe(true);
    expect(processesIn(dir).length).toBeGreaterThan(1);

    up.kill("SIGTERM");
    expect(await exited, output).toBe(143);
    expect(await answers(simPort)).toBe(false);
    expect(processesIn(dir), output).toEqual([]);
  }, 300_000);
});
