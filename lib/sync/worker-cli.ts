// `npm run worker`
import { env } from "@/lib/env";
import { startWorker } from "./worker";

try {
  env(); // fail fast with a readable message on bad configuration
  const runner = await startWorker({ concurrency: Number(process.env.PORTICO_WORKER_CONCURRENCY ?? 4) });
  await runner.promise;
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
