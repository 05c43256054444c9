import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Cluster } from "./cluster";
import { parseBody, readBody, send } from "./http-io";
import { type KObject } from "./json";
import { jsonPatch, mergePatch } from "./patch";
import { type ResourceType } from "./resources";
import { ApiError, errors } from "./status";

/** autoscaling/v1 Scale over a Deployment's spec.replicas, as kubectl scale uses it. */
export async function handleScale(
  cluster: Cluster,
  req: IncomingMessage,
  res: ServerResponse,
  route: { rt: ResourceType; ns?: string; name: string },
  verb: string,
  contentType: string,
  dryRun: boolean,
  manager: string,
): Promise<void> {
  const { rt, ns, name } = route;
  const scaleOf = (d: KObject) => ({
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: d.metadata.name,
      namespace: d.metadata.namespace,
      uid: d.metadata.uid,
      resourceVersion: d.metadata.resourceVersion,
      creationTimestamp: d.metadata.creationTimestamp,
    },
    spec: { replicas: typeof d.spec?.replicas === "number" ? d.spec.replicas : 1 },
    status: {
      replicas: d.status?.replicas ?? 0,
      selector: Object.entries((d.spec?.selector?.matchLabels ?? {}) as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    },
  });
  const dep = cluster.get(rt, ns, name);
  if (verb === "get") return send(res, 200, scaleOf(dep));
  if (verb !== "patch" && verb !== "update") throw errors.methodNotAllowed();
  const body = parseBody(await readBody(req), contentType);
  let replicas: unknown;
  if (verb === "update") replicas = (body as KObject | undefined)?.spec?.replicas;
  else {
    const patched = mergeOrJsonPatch(scaleOf(dep), body, contentType) as KObject;
    replicas = patched.spec?.replicas;
  }
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    throw new ApiError(
      422,
      "Invalid",
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`,
    );
  }
  const updated = cluster.patch(
    rt,
    ns,
    name,
    "application/merge-patch+json",
    { spec: { replicas } },
    { dryRun, manager },
  );
  return send(res, 200, scaleOf(updated));
}

function mergeOrJsonPatch(target: unknown, patch: unknown, contentType: string): unknown {
  try {
    if (contentType === "application/json-patch+json") return jsonPatch(target, patch);
    return mergePatch(target, patch);
  } catch (e) {
    throw new ApiError(422, "Invalid", (e as Error).message);
  }
}
