// The demo clusters for a benchmark: cluster east with the reference scenario, in a child process
// (its own core), started through the simulator's CLI and returned once it prints its ready line.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface DemoSimReady {
  kubeconfig: string;
  clusters: { name: string; server: string }[];
}

export async function startDemoSim(dir: string): Promise<{ child: ChildProcess; ready: DemoSimReady }> {
  const child = spawn(
    "node_modules/.bin/tsx",
    [
      "lib/sim/cli.ts",
      "--clusters",
      "east=us-east-1a",
      "--kubeconfig",
      join(dir, "kubeconfig"),
      "--scenario",
      "reference",
      "--ready-delay",
      "50",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`simulator exited (${code})`)));
  });
  return { child, ready: JSON.parse(line) as DemoSimReady };
}
