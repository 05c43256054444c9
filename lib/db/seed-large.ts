// `npm run db:seed -- --large`: a wide estate for checking that every page holds its layout when
// the data is as long as the schema allows: 500 products, 50 registered clusters (never contacted),
// host names of 253 characters, revision, request, sync, inventory and conflict messages of 2,000
// characters, and gateway requests waiting for review. Idempotent: it does nothing once the
// estate's first product exists.
import { insertCluster } from "@/lib/clusters/insert-cluster";
import { createRevision } from "@/lib/revisions/create-revision";
import type { TopologyInput } from "@/lib/topology/schema";
import type { PrismaClient } from "./client";
import { recordSeed, seed } from "./seed";

export const LARGE_PRODUCTS = 500;
export const LARGE_CLUSTERS = 50;
const TEAM = { slug: "estate", name: "Estate" };

/** A valid host name of exactly 253 characters, unique for `key` (a DNS label). */
export function longHost(key: string): string {
  const tail = ".example.io";
  const labels = [key];
  let length = key.length + tail.length;
  while (length < 253) {
    const room = 253 - length - 1;
    const label = "x".repeat(Math.min(63, room));
    // Note: a label may not end with '-', and an empty one is not a label: stop when one won't fit.
    if (label.length === 0) break;
    labels.push(label);
    length += label.length + 1;
  }
  const host = labels.join(".") + tail;
  return host.length === 253 ? host : host.padStart(253, "a");
}

/** A sentence repeated to `length` characters, with spaces so text can wrap where it may. */
export function longMessage(subject: string, length = 2000): string {
  const sentence = `${subject}: this message is as long as Portico lets one be, to check that pages wrap it. `;
  return sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);
}

/** A message without a single space (a path, a token, a stack frame): it can only be cut or scrolled. */
function unbrokenMessage(length = 2000): string {
  return "spec.http[0].route[0].destination.host=".concat("a".repeat(length)).slice(0, length);
}

const clusterName = (i: number) => (i === 0 ? "east" : i === 1 ? "west" : `estate-cluster-${i}`);
const productName = (i: number) => `product-${String(i).padStart(3, "0")}`;

/** The estate's topology: every product with a gateway in two clusters and one route. */
export function largeTopology(): TopologyInput {
  const clusters = Array.from({ length: LARGE_CLUSTERS }, (_, i) => ({
    name: clusterName(i),
    region: `region-${i % 10}`,
    zone: `region-${i % 10}${"abcde"[i % 5]}`,
    network: `network-${i}`,
  }));
  const doc: TopologyInput = {
    apiVersion: "portico.dev/v1alpha1",
    kind: "Topology",
    metadata: { name: "estate", revision: 1, description: longMessage("The estate", 500) },
    domain: "example.io",
    clusters,
    products: [],
    gateways: [],
    routes: [],
    services: [],
  };
  for (let p = 0; p < LARGE_PRODUCTS; p++) {
    const name = productName(p);
    const host = longHost(name);
    const placed = [clusters[p % LARGE_CLUSTERS]!.name, clusters[(p + 1) % LARGE_CLUSTERS]!.name];
    doc.products!.push({
      name,
      displayName: `Product ${p} with a display name long enough to need wrapping in narrow columns`,
      teams: [TEAM.slug],
      namespaces: [name],
      hosts: [host],
    });
    doc.gateways!.push({
      name: `${name}-gateway`,
      namespace: name,
      mode: "product",
      product: name,
      placement: placed.map((cluster) => ({ cluster })),
      listeners: [
        {
          name: "https",
          port: 443,
          protocol: "HTTPS",
          hosts: [host],
          tls: { mode: "SIMPLE", credentialName: `${name}-tls` },
        },
      ],
    });
    doc.services!.push({
      name: "api",
      namespace: name,
      product: name,
      ports: [{ name: "http", port: 8080 }],
      clusters: placed,
    });
    doc.routes!.push({
      name,
      product: name,
      host,
      gateways: [`${name}/${name}-gateway`],
      http: [
        {
          name: "api",
          match: [{ path: { prefix: `/v1/${"segment/".repeat(20)}api` } }],
          destinations: [{ service: "api", port: 8080 }],
        },
      ],
    });
  }
  return doc;
}

export async function seedLarge(db: PrismaClient): Promise<{ created: string[] }> {
  const created: string[] = [];
  if (await db.product.findUnique({ where: { slug: productName(0) } })) return { created };
  // The demo users and teams review and request; their seed is idempotent.
  created.push(...(await seed(db)).created);

  const team = await db.team.upsert({ where: { slug: TEAM.slug }, create: TEAM, update: {} });
  await db.product.createMany({
    data: Array.from({ length: LARGE_PRODUCTS }, (_, p) => ({
      slug: productName(p),
      name: `Product ${p}`,
      teamId: team.id,
    })),
    skipDuplicates: true,
  });
  created.push(`${LARGE_PRODUCTS} products`);

  const topology = largeTopology();
  const revisions = [];
  for (const [i, document] of [topology, withExtraRoute(topology)].entries()) {
    revisions.push(
      await db.$transaction(
        (tx) =>
          createRevision(tx, {
            document,
            message: i === 0 ? longMessage("The estate") : unbrokenMessage(),
            actor: null,
          }),
        { timeout: 300_000 },
      ),
    );
  }
  created.push(`revisions ${revisions.map((r) => r.number).join(", ")}`);
  const revision = revisions.at(-1)!;

  // Clusters east and west may be registered already (the demo's, or a test's simulated ones).
  for (let i = 0; i < LARGE_CLUSTERS; i++) {
    const name = clusterName(i);
    if (await db.cluster.findUnique({ where: { name } })) continue;
    const wide = i % 2 === 0;
    const { id } = await insertCluster(
      db,
      {
        name,
        // Note: a loopback address nothing listens on, so a plan or a connection check fails at
        // once and never looks a name up; the path makes the URL as long as a host name can be.
        server: `https://127.0.0.2:6443/${longHost(`api-${i}`)}`,
        zone: `region-${i % 10}${"abcde"[i % 5]}`,
        region: `region-${i % 10}`,
        status: wide ? "error" : "reachable",
        statusMessage: wide ? longMessage(`Cluster ${name}`) : "All checks passed.",
        contactError: wide ? unbrokenMessage() : null,
        contactFailedSince: wide ? new Date(Date.now() - 3_600_000) : null,
        kubernetesVersion: "v1.31.2",
        istioVersion: "1.24.1",
        lastSyncAt: new Date(),
        lastContactAt: new Date(),
        observedRevisionId: revision.id,
      },
      { token: "estate" },
    );
    await db.syncRun.create({
      data: {
        clusterId: id,
        revisionId: revision.id,
        outcome: wide ? "partial" : "succeeded",
        applied: 120,
        errors: wide ? 3 : 0,
        message: wide ? longMessage(`Sync of ${name}`) : null,
        startedAt: new Date(Date.now() - 120_000),
        finishedAt: new Date(Date.now() - 60_000),
      },
    });
    const products = [productName(i), productName((i + LARGE_PRODUCTS - 1) % LARGE_PRODUCTS)];
    await db.inventoryObject.createMany({
      data: products.flatMap((product, k) => [
        {
          clusterId: id,
          apiVersion: "networking.istio.io/v1",
          kind: "VirtualService",
          namespace: product,
          name: `${product}-${"route".repeat(10)}`.slice(0, 63),
          productSlug: product,
          status: k === 0 ? ("error" as const) : ("drifted" as const),
          errorKind: k === 0 ? "conflict" : null,
          message: k === 0 ? longMessage(`Conflict on ${product}`) : unbrokenMessage(),
          conflict: {
            managers: ["kubectl-client-side-apply", `operator-${"m".repeat(200)}`],
            fields: Array.from({ length: 30 }, (_, f) => `spec.http[${f}].route[0].destination.host`),
          },
          revisionNumber: revision.number,
          lastAppliedAt: new Date(),
          lastObservedAt: new Date(),
        },
        {
          clusterId: id,
          apiVersion: "networking.istio.io/v1",
          kind: "Gateway",
          namespace: product,
          name: `${product}-gateway`,
          productSlug: product,
          status: "error" as const,
          message: longMessage(`Apply of ${product}-gateway`),
          errorKind: "invalid",
          revisionNumber: revision.number,
          lastAppliedAt: new Date(),
        },
      ]),
      skipDuplicates: true,
    });
  }
  created.push(`${LARGE_CLUSTERS} clusters with inventory and sync runs`);

  // Requests from the Payments lead for new products of the estate team, with the longest hosts,
  // paths and reasons the form accepts.
  const lead = await db.user.findFirst({ where: { roles: { some: { role: "team_lead" } } } });
  if (lead) {
    for (let r = 0; r < 3; r++) {
      const product = `requested-${r}`;
      await db.gatewayRequest.create({
        data: {
          teamId: team.id,
          requesterId: lead.id,
          productSlug: product,
          status: r === 2 ? "changes_requested" : "submitted",
          payload: {
            product,
            team: TEAM.slug,
            namespace: product,
            hosts: Array.from({ length: 3 }, (_, h) => longHost(`${product}-${h}`)),
            clusters: ["east", "west"],
            tlsSecret: `${product}-tls`,
            routes: [
              { pathPrefix: `/v1/${"resource/".repeat(40)}items`, service: "api", port: 8080 },
              { pathPrefix: "/v1/other", service: "other", port: 8080 },
            ],
            reason: longMessage(`Request for ${product}`),
          },
        },
      });
    }
    created.push("3 gateway requests");
  }

  await recordSeed(db, { created, note: longMessage("Large seed") }, { detail: unbrokenMessage() });
  return { created };
}

/** The same estate with one more rule on the first product, so history has a change to show. */
function withExtraRoute(topology: TopologyInput): TopologyInput {
  const doc = structuredClone(topology);
  const route = doc.routes![0]!;
  route.http = [
    {
      name: "health",
      match: [{ path: { prefix: `/health/${"deep/".repeat(30)}check` } }],
      destinations: [{ service: "api", port: 8080 }],
    },
    ...route.http!,
  ];
  return doc;
}
