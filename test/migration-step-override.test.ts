// The analyzer override of a migration step, as the wizard uses it: the preview's blockers are the
// analyzer's errors alone (the wizard then offers a reason field to engineers who hold
// topology:override-analysis), the apply refuses the step without a reason and accepts it with
// one, audited with the findings. Through the route handlers, planned against simulated clusters.
import { dropOwnDatabase } from "./helpers/own-database";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stepBlockers } from "@/lib/migration";
import { createRevision } from "@/lib/revisions/create-revision";
import { startSimulator, type Simulator } from "@/lib/sim";
import { loadExample } from "@/lib/topology/examples";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";
import { registerSimulatedCluster } from "./helpers/cutover-estate";
import { saveEnv } from "./helpers/saved-env";

// Payments' gateway in the namespace `default`: the analyzer's PTC016 (reserved namespace), an
// error the step itself brings in.
const STEP = { step: "insert", phase: "serve-both", namespace: "default" };
const REASON = "default is this product's namespace until the platform moves it next quarter";
const restoreEnv = saveEnv(["PORTICO_ALLOW_INSECURE_CLUSTERS"]);
let sim: Simulator;
let engineer: Record<string, string>;
let engineerEmail: string;

beforeAll(async () => {
  process.env.PORTICO_ALLOW_INSECURE_CLUSTERS = "1";
  sim = await startSimulator({
    clusters: ["east=us-east-1a", "west=us-west-2b"],
    port: 0,
    kubeconfigPath: path.join(mkdtempSync(path.join(os.tmpdir(), "portico-override-")), "kubeconfig"),
    deploymentReadyDelayMs: 0,
  });
  for (const c of sim.clusters) await registerSimulatedCluster(sim, c.name);
  const user = await createUser([{ role: "platform_engineer" }]);
  engineer = await sessionHeaders(user.id);
  engineerEmail = user.email;
  await prisma.$transaction((tx) =>
    createRevision(tx, { document: loadExample("00-shared-ingress"), message: "base", actor: null }),
  );
});

afterAll(async () => {
  restoreEnv();
  await sim?.stop();
  await prisma.$disconnect();
  await dropOwnDatabase();
});

const apply = (extra: Record<string, unknown>) =>
  callRoute("POST", "/api/migrations/[product]/steps", {
    headers: engineer,
    params: { product: "payments" },
    body: { step: STEP, message: "payments: its own gateway", baseRevision: 1, ...extra },
  });

describe("a migration step blocked by the analyzer alone", () => {
  it("previews with the analyzer's error as its only blocker", async () => {
    const res = await callRoute("POST", "/api/migrations/[product]/preview", {
      headers: engineer,
      params: { product: "payments" },
      body: STEP,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { blockers } = (await res.json()) as { blockers: string[] };
    expect(blockers).toEqual(["The analyzer reports 1 error(s): PTC016."]);
    // What the wizard reads to offer the reason field, and what the apply will still refuse.
    expect(stepBlockers(blockers, undefined).onlyAnalyzer).toBe(true);
    expect(stepBlockers(blockers, { reason: REASON }).remaining).toEqual([]);
  });

  it("is refused without a reason, or with a shrug, and nothing is written", async () => {
    const before = await prisma.revision.count();
    const refused = await apply({});
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.message).toMatch(
      /The step is blocked: The analyzer reports 1 error\(s\): PTC016\. Nothing was applied\./,
    );
    const shrug = await apply({ override: { reason: "ok" } });
    expect(shrug.status).toBe(400);
    expect((await shrug.json()).error.message).toMatch(/why the analyzer's errors may be ignored/);
    expect(await prisma.revision.count()).toBe(before);
    expect(await prisma.migrationEvent.count()).toBe(0);
  });

  it("is applied with a written reason, audited with the findings", async () => {
    const res = await apply({ override: { reason: REASON } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { number } = (await res.json()) as { number: number };
    expect(number).toBe(2);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "revision.analysis.override" },
    });
    expect(audit.actorEmail).toBe(engineerEmail);
    expect(audit.after).toMatchObject({
      number: 2,
      reason: REASON,
      findings: [expect.objectContaining({ code: "PTC016", severity: "error" })],
    });
    const event = await prisma.migrationEvent.findFirstOrThrow({ where: { kind: "step.applied" } });
    expect(event.revisionNumber).toBe(2);
  });
});
