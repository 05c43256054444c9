// Retention against real Postgres: what goes and what stays, and the worker running the task from
// the queue as its hourly cron does.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedDatabase, type IsolatedDatabase } from "@/test/isolated-database";
import { applyRetention, RETENTION_TASK } from "./apply-retention";
import { startWorker } from "./worker";

process.env.PORTICO_LOG_LEVEL = "silent";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

let iso: IsolatedDatabase;
beforeAll(async () => {
  iso = await createIsolatedDatabase("retention");
});
afterAll(() => iso?.drop());

/** Two clusters' runs, sessions and queue jobs, old and recent; returns the ids that must stay. */
async function seed() {
  const db = iso.db;
  const rev = await db.revision.create({
    data: { number: Math.floor(Math.random() * 1e9), document: {}, documentHash: "h", message: "m" },
  });
  const cluster = (name: string) =>
    db.cluster.create({
      data: {
        id: randomUUID(),
        name: `${name}-${randomUUID().slice(0, 6)}`,
        server: "https://c",
        credentials: "x",
        credentialsKeyId: "k",
      },
    });
  const busy = await cluster("busy");
  const quiet = await cluster("quiet");
  const run = (clusterId: string, startedDaysAgo: number, finished = true) =>
    db.syncRun.create({
      data: {
        clusterId,
        revisionId: rev.id,
        outcome: finished ? "succeeded" : "running",
        startedAt: ago(startedDaysAgo),
        finishedAt: finished ? ago(startedDaysAgo) : null,
      },
    });
  const oldBusy = await run(busy.id, 40);
  const stuck = await run(busy.id, 41, false);
  const recentBusy = await run(busy.id, 1);
  const onlyQuiet = await run(quiet.id, 90);

  const user = await db.user.create({ data: { email: `ret-${randomUUID()}@test.portico`, name: "r" } });
  const session = (expiresDaysAgo: number) =>
    db.session.create({
      data: { tokenHash: randomUUID(), userId: user.id, csrfToken: "c", expiresAt: ago(expiresDaysAgo) },
    });
  const longExpired = await session(8);
  const justExpired = await session(1);
  const live = await session(-1);

  const job = async (key: string, attempts: number, updatedDaysAgo: number) => {
    await db.$executeRawUnsafe(
      `SELECT graphile_worker.add_job('nothing-to-do', '{}'::json, job_key := $1, run_at := now() + interval '1 year', max_attempts := 3)`,
      key,
    );
    await db.$executeRawUnsafe(
      `UPDATE graphile_worker._private_jobs SET attempts = $2, updated_at = $3 WHERE key = $1`,
      key,
      attempts,
      ago(updatedDaysAgo),
    );
  };
  const tag = randomUUID().slice(0, 8);
  await job(`old-failed-${tag}`, 3, 20);
  await job(`new-failed-${tag}`, 3, 2);
  await job(`old-retrying-${tag}`, 1, 20);
  return {
    gone: { runs: [oldBusy.id], sessions: [longExpired.id], jobs: [`old-failed-${tag}`] },
    kept: {
      runs: [stuck.id, recentBusy.id, onlyQuiet.id],
      sessions: [justExpired.id, live.id],
      jobs: [`new-failed-${tag}`, `old-retrying-${tag}`],
    },
  };
}

async function present(ids: { runs: string[]; sessions: string[]; jobs: string[] }) {
  const db = iso.db;
  const runs = await db.syncRun.findMany({ where: { id: { in: ids.runs } }, select: { id: true } });
  const sessions = await db.session.findMany({ where: { id: { in: ids.sessions } }, select: { id: true } });
  const jobs = await db.$queryRawUnsafe<{ key: string }[]>(
    `SELECT key FROM graphile_worker._private_jobs WHERE key = ANY($1::text[])`,
    ids.jobs,
  );
  return {
    runs: runs.map((r) => r.id).sort(),
    sessions: sessions.map((s) => s.id).sort(),
    jobs: jobs.map((j) => j.key).sort(),
  };
}

const sorted = (ids: { runs: string[]; sessions: string[]; jobs: string[] }) => ({
  runs: [...ids.runs].sort(),
  sessions: [...ids.sessions].sort(),
  jobs: [...ids.jobs].sort(),
});

describe("applyRetention", () => {
  it("deletes old finished runs (never a cluster's newest), long-expired sessions and old failed jobs", async () => {
    const { gone, kept } = await seed();
    const result = await applyRetention(iso.db, { syncRunDays: 30, sessionDays: 7, failedJobDays: 14 });
    expect(result.syncRuns).toBeGreaterThanOrEqual(1);
    expect(result.sessions).toBeGreaterThanOrEqual(1);
    expect(result.failedJobs).toBeGreaterThanOrEqual(1);
    expect(await present(gone)).toEqual({ runs: [], sessions: [], jobs: [] });
    expect(await present(kept)).toEqual(sorted(kept));
  });

  it("runs as the worker's retention task with the defaults from the environment", async () => {
    const { gone, kept } = await seed();
    const worker = await startWorker({ connectionString: iso.url, concurrency: 1, pollInterval: 100 });
    try {
      await iso.db.$executeRawUnsafe(`SELECT graphile_worker.add_job($1)`, RETENTION_TASK);
      const deadline = Date.now() + 15_000;
      while ((await present(gone)).runs.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await present(gone)).toEqual({ runs: [], sessions: [], jobs: [] });
      expect(await present(kept)).toEqual(sorted(kept));
    } finally {
      await worker.stop();
    }
  });
});
