// `npm run worker`: the sync worker process. SIGINT/SIGTERM finish the jobs in flight, then exit.
import { env } from "@/lib/env";
import { startWorker } from "./worker";
import { startWorkerHealthServer } from "./worker-health-server";

try {
  // Fails fast with a readable message on bad configuration.
  const settings = env();
  const worker = await startWorker({ concurrency: settings.PORTICO_WORKER_CONCURRENCY });
  const health =
    settings.PORTICO_WORKER_HEALTH_PORT > 0
      ? await startWorkerHealthServer(worker, { port: settings.PORTICO_WORKER_HEALTH_PORT })
      : undefined;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void worker
        .stop()
        .then(() => health?.close())
        .then(() => process.exit(0));
    });
  }
  await worker.promise;
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
