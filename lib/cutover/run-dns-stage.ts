// One DNS stage of a product, end to end: read both gateways' load-balancer addresses through the
// registered clusters' credentials, build the next topology, gate it (probe + error rate), and store
// it as a revision through the ordinary create path (analysis, audit, sync enqueue), with the gate's
// evidence audited beside it. A held stage writes nothing.
import type { Principal } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/audit/record-audit";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { ClusterClient } from "@/lib/k8s/cluster-client";
import { gatewaySides, probeProduct, ProbeInputError, type Side } from "@/lib/probe/probe-product";
import { loadBalancerAddresses } from "@/lib/probe/gateway-targets";
import { recordMigrationEvent } from "@/lib/migration-records/record-migration-event";
import { createRevision } from "@/lib/revisions/create-revision";
import { assertProductInRevision, requireNewestTopology } from "@/lib/revisions/newest-topology";
import { gatewayRefString } from "@/lib/topology";
import type { DnsStageRequest } from "@/lib/validations/dns-stage";
import { probeLimits } from "@/lib/validations/probe";
import { DnsStageError, planDnsStage, type PublishedGateway } from "./dns-stages";
import { readStageErrorRate } from "./read-stage-error-rate";
import {
  DEFAULT_ERROR_RATE_THRESHOLD,
  DEFAULT_ERROR_RATE_WINDOW_SECONDS,
  stageGate,
  type ProbeEvidence,
} from "./stage-gate";

/** The addresses of one gateway as read now, per cluster, and why a cluster gave none. */
export interface ObservedGateway extends PublishedGateway {
  byCluster: Array<{ cluster: string; addresses?: string[]; why?: string }>;
}

export async function observeGateway(
  side: Side,
  clients: Map<string, ClusterClient>,
): Promise<ObservedGateway> {
  const byCluster: ObservedGateway["byCluster"] = [];
  const addresses: string[] = [];
  for (const cluster of [...new Set(side.gateway.placement.map((p) => p.cluster))]) {
    const client = clients.get(cluster);
    if (!client) {
      byCluster.push({ cluster, why: `cluster ${cluster} is not registered in Portico` });
      continue;
    }
    const lb = await loadBalancerAddresses(client, cluster, side.service);
    if (!lb.ok) byCluster.push({ cluster, why: lb.why });
    else {
      byCluster.push({ cluster, addresses: lb.addresses });
      for (const a of lb.addresses) if (!addresses.includes(a)) addresses.push(a);
    }
  }
  return { gateway: gatewayRefString(side.gateway), addresses, byCluster };
}

export function probeEvidence(report: Awaited<ReturnType<typeof probeProduct>>): ProbeEvidence {
  return {
    ran: true,
    ok: report.ok,
    summary: report.summary,
    notSame: report.results
      .filter((r) => r.verdict !== "same")
      .slice(0, 20)
      .map((r) => ({
        cluster: r.cluster,
        method: r.call.method,
        host: r.call.host,
        path: r.call.path,
        verdict: r.verdict,
        ...(r.why ? { why: r.why } : {}),
      })),
  };
}

export async function runDnsStage(input: {
  product: string;
  request: DnsStageRequest;
  actor: Principal;
  requestId?: string;
}) {
  const { product, request } = input;
  const latest = await requireNewestTopology(prisma);
  assertProductInRevision(latest, product);
  const topology = latest.topology;
  const spec = topology.products.find((p) => p.name === product)!;
  let sides: { shared: Side; product: Side };
  try {
    sides = gatewaySides({ topology, product }, spec.hosts);
  } catch (err) {
    if (err instanceof ProbeInputError) throw AppError.unprocessable(err.message);
    throw err;
  }

  const names = [
    ...new Set([...sides.shared.gateway.placement, ...sides.product.gateway.placement].map((p) => p.cluster)),
  ];
  const rows = await prisma.cluster.findMany({ where: { name: { in: names } }, orderBy: { name: "asc" } });
  const clients = new Map(
    rows.map((row) => [row.name, openClusterClient(row, { retry: { maxAttempts: 2 }, timeoutMs: 10_000 })]),
  );
  try {
    const shared = await observeGateway(sides.shared, clients);
    const own = await observeGateway(sides.product, clients);
    const firstCluster = sides.product.gateway.placement[0]!.cluster;
    let plan;
    try {
      plan = planDnsStage({
        topology,
        product,
        shared,
        own,
        target: request.percent,
        placement: {
          cluster: request.placement?.cluster ?? firstCluster,
          namespace: request.placement?.namespace ?? sides.product.gateway.namespace,
          ...(request.placement?.ttl ? { ttl: request.placement.ttl } : {}),
        },
      });
    } catch (err) {
      if (err instanceof DnsStageError)
        throw AppError.unprocessable(`${err.message} Nothing was saved.`, {
          addresses: { shared, product: own },
        });
      throw err;
    }

    // A cluster whose address could not be read would silently get no clients: refuse to move
    // forward without it. Moving back still works (the way out must not depend on every cluster).
    const unread = [...shared.byCluster, ...own.byCluster].filter((c) => c.why).map((c) => c.why!);
    if (plan.direction === "forward" && unread.length > 0)
      throw AppError.unprocessable(
        `Not every load balancer could be read (${unread.join("; ")}); a stage forward publishes all of them. Nothing was saved.`,
        { addresses: { shared, product: own } },
      );

    let probe: ProbeEvidence = { ran: false, why: "not needed: the stage moves clients back" };
    if (plan.direction === "forward") {
      try {
        probe = probeEvidence(
          await probeProduct({
            topology,
            product,
            clusters: [...clients].map(([name, client]) => ({ name, client })),
            ca: request.ca,
            limits: probeLimits(request.budget),
          }),
        );
      } catch (err) {
        if (!(err instanceof ProbeInputError)) throw err;
        probe = { ran: false, why: err.message };
      }
    }
    const threshold = request.errorRate?.threshold ?? DEFAULT_ERROR_RATE_THRESHOLD;
    const errorRate = await readStageErrorRate({
      gateway: sides.product.gateway,
      windowSeconds: request.errorRate?.windowSeconds ?? DEFAULT_ERROR_RATE_WINDOW_SECONDS,
    });
    const evidence = {
      probe,
      errorRate: { ...errorRate, threshold },
      addresses: { shared, product: own },
    };
    let verdict;
    try {
      verdict = stageGate({
        direction: plan.direction,
        from: plan.from,
        probe,
        errorRate,
        threshold,
        override: request.override,
        actor: input.actor,
      });
    } catch (err) {
      // The held stage's answer carries the evidence it was judged on.
      if (err instanceof AppError && err.details && typeof err.details === "object")
        throw new AppError(err.code, err.message, { details: { ...err.details, evidence } });
      throw err;
    }

    const message =
      plan.to === 0
        ? `DNS: ${product} returned to ${shared.gateway} (0 % to ${own.gateway})`
        : `DNS: ${product} ${plan.to} % to ${own.gateway} (from ${plan.from ?? 0} %)`;
    const revision = await prisma.$transaction(async (tx) => {
      const created = await createRevision(tx, {
        document: plan.topology,
        message,
        actor: input.actor,
        requestId: input.requestId,
      });
      await recordAudit(tx, {
        actor: input.actor,
        action: "cutover.dns-stage",
        targetType: "product",
        targetId: product,
        productSlug: product,
        requestId: input.requestId,
        before: { percent: plan.from },
        after: { percent: plan.to, revision: created.number, records: plan.records },
        metadata: { gate: verdict.kind, checks: verdict.checks, evidence },
      });
      if (verdict.kind === "overridden")
        await recordAudit(tx, {
          actor: input.actor,
          action: "cutover.gate.override",
          targetType: "product",
          targetId: product,
          productSlug: product,
          requestId: input.requestId,
          after: {
            percent: plan.to,
            revision: created.number,
            reason: verdict.reason,
            failed: verdict.checks.filter((c) => !c.pass),
          },
        });
      await recordMigrationEvent(tx, {
        product,
        step: "insert",
        stage: `dns-${plan.to}`,
        kind: "cutover.dns-stage",
        revision: created,
        evidence: {
          from: plan.from,
          to: plan.to,
          direction: plan.direction,
          records: plan.records,
          gate: {
            verdict: verdict.kind,
            checks: verdict.checks,
            ...(verdict.kind === "overridden" ? { reason: verdict.reason } : {}),
          },
          probe,
          errorRate: { ...errorRate, threshold },
        },
        actor: input.actor,
        requestId: input.requestId,
      });
      return created;
    });
    return {
      revision: revision.number,
      product,
      from: plan.from,
      to: plan.to,
      direction: plan.direction,
      hosts: plan.hosts,
      records: plan.records,
      gate: {
        verdict: verdict.kind,
        checks: verdict.checks,
        ...(verdict.kind === "overridden" ? { reason: verdict.reason } : {}),
      },
      evidence,
    };
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
  }
}
