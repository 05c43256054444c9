// The worker's probe endpoint over real HTTP, in front of a real worker on its own database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedDatabase, type IsolatedDatabase } from "@/test/isolated-database";
import { startWorker, type WorkerHandle } from "./worker";
import { startWorkerHealthServer, type WorkerHealthServer } from "./worker-health-server";

process.env.PORTICO_LOG_LEVEL = "silent";

let iso: IsolatedDatabase;
let worker: WorkerHandle;
let health: WorkerHealthServer;
beforeAll(async () => {
  iso = await createIsolatedDatabase("workerhealth");
  worker = await startWorker({ connectionString: iso.url, concurrency: 1, pollInterval: 200 });
  health = await startWorkerHealthServer(worker, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await worker.stop();
  await health.close();
  await iso.drop();
});

const get = (path: string) => fetch(`http://127.0.0.1:${health.port}${path}`);

async function readyStatus(): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = (await get("/ready")).status;
    if (status === 200 || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("worker health endpoint", () => {
  it("is live and ready while the worker takes jobs, and not ready once it stops", async () => {
    const live = await get("/live");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    expect(await readyStatus()).toBe(200);
    expect((await get("/nope")).status).toBe(404);

    await worker.stop();
    const after = await get("/ready");
    expect(after.status).toBe(503);
    expect(await after.json()).toMatchObject({ status: "degraded", reason: "stopping" });
    expect((await get("/live")).status).toBe(200);
  });
});
