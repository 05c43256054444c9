// Stops a benchmark's child processes and waits until they are gone (SIGTERM, then SIGKILL after
// 10 s), so none still holds a connection when the benchmark drops its database.
import type { ChildProcess } from "node:child_process";

const GRACE_MS = 10_000;

/**
 * `groups`: the children were spawned `detached` and lead process groups (`npx next start` and the
 * server it starts); the whole group gets the signals, and is waited for until no process is left.
 */
export async function stopChildren(
  children: readonly ChildProcess[],
  { groups = false }: { groups?: boolean } = {},
): Promise<void> {
  await Promise.all(children.map((c) => (groups ? stopGroup(c) : stopOne(c))));
}

function stopOne(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    const force = setTimeout(() => c.kill("SIGKILL"), GRACE_MS);
    c.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    c.kill("SIGTERM");
  });
}

async function stopGroup(c: ChildProcess): Promise<void> {
  if (c.pid === undefined) return;
  const signal = (s: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-c.pid!, s);
      return true;
    } catch {
      return false; // no process left in the group
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + GRACE_MS;
  while (signal(0)) {
    if (Date.now() > deadline) {
      signal("SIGKILL");
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
