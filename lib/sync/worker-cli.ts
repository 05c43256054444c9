// `npm run worker`: the sync worker process. SIGINT/SIGTERM finish the jobs in flight, then exit.
import { env } from "@/lib/env";
import { startWorker } from "./worker";

try {
  // Fails fast with a readable message on bad configuration.
  const worker = await startWorker({ concurrency: env().PORTICO_WORKER_CONCURRENCY });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void worker.stop().then(() => process.exit(0));
    });
  }
  await worker.promise;
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
