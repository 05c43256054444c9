import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { prisma } from "@/lib/db/client";
import { createRevision } from "./create-revision";
import { rollbackRevision } from "./rollback-revision";

const reference = parse(readFileSync("docs/examples/00-shared-ingress.yaml", "utf8"));

afterAll(() => prisma.$disconnect());

describe("createRevision", () => {
  it("stores the document, its projection, an audit event and one sync job per registered cluster", async () => {
    await prisma.cluster.upsert({
      where: { name: "east" },
      update: {},
      create: { name: "east", server: "https://east.invalid", credentials: "x", credentialsKeyId: "k" },
    });
    const rev = await prisma.$transaction((tx) =>
      createRevision(tx, { document: reference, message: "Import the shared ingress", actor: null }),
    );
    expect(rev.number).toBeGreaterThanOrEqual(1);
    expect(
      await prisma.route.findMany({
        where: { revisionId: rev.id },
        select: { host: true },
        orderBy: { host: "asc" },
      }),
    ).toEqual([{ host: "analytics.my-company.io" }, { host: "payments.my-company.io" }]);
    expect(await prisma.backendService.count({ where: { revisionId: rev.id } })).toBe(3);
    const audit = await prisma.auditEvent.findFirst({ where: { targetId: rev.id } });
    expect(audit?.action).toBe("revision.create");
    const jobs = await prisma.$queryRaw<
      { key: string }[]
    >`SELECT key FROM graphile_worker.jobs WHERE key = 'sync:east'`;
    expect(jobs).toHaveLength(1);
    // west is in the document but not registered: nothing to sync there.
    expect(
      await prisma.$queryRaw<unknown[]>`SELECT 1 FROM graphile_worker.jobs WHERE key = 'sync:west'`,
    ).toHaveLength(0);
  });

  it("numbers revisions in order and links each to its parent", async () => {
    const [a, b] = [
      await prisma.$transaction((tx) =>
        createRevision(tx, { document: reference, message: "one", actor: null }),
      ),
      await prisma.$transaction((tx) =>
        createRevision(tx, { document: reference, message: "two", actor: null }),
      ),
    ];
    expect(b!.number).toBe(a!.number + 1);
    expect(b!.parentId).toBe(a!.id);
    expect(a!.documentHash).toBe(b!.documentHash); // same desired state, whatever its number
  });

  it("refuses an invalid document with the path and writes nothing", async () => {
    const before = await prisma.revision.count();
    const bad = { ...reference, gateways: [{ ...reference.gateways[0], colour: "red" }] };
    await expect(
      prisma.$transaction((tx) => createRevision(tx, { document: bad, message: "bad", actor: null })),
    ).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      details: { issues: [expect.objectContaining({ path: "gateways.0.colour" })] },
    });
    expect(await prisma.revision.count()).toBe(before);
  });

  it("cannot be rewritten: Postgres refuses updates of a revision", async () => {
    const rev = await prisma.revision.findFirstOrThrow();
    await expect(
      prisma.revision.update({ where: { id: rev.id }, data: { message: "rewritten" } }),
    ).rejects.toThrow(/append-only/);
  });
});

describe("rollbackRevision", () => {
  it("restores an earlier document as a new revision, and refuses to roll back to the newest", async () => {
    const first = await prisma.$transaction((tx) =>
      createRevision(tx, { document: reference, message: "base", actor: null }),
    );
    const changed = { ...reference, metadata: { ...reference.metadata, description: "changed" } };
    const second = await prisma.$transaction((tx) =>
      createRevision(tx, { document: changed, message: "change", actor: null }),
    );
    expect(second.documentHash).not.toBe(first.documentHash);
    const back = await prisma.$transaction((tx) =>
      rollbackRevision(tx, { toNumber: first.number, reason: "bad change", actor: null, force: true }),
    );
    expect(back.number).toBe(second.number + 1);
    expect(back.documentHash).toBe(first.documentHash);
    expect(back.rollbackOfId).toBe(first.id);
    expect(back.message).toBe(`Roll back to revision ${first.number}: bad change`);
    await expect(
      prisma.$transaction((tx) => rollbackRevision(tx, { toNumber: back.number, actor: null })),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      prisma.$transaction((tx) => rollbackRevision(tx, { toNumber: 999_999, actor: null })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
