import { randomUUID } from "node:crypto";
import { Access, ADMIN_RULES, newToken, type Identity } from "./access";
import { Counters } from "./counters";
import { listKeysFor, pathFromString, type ListKeys } from "./field-set";
import { type Faults } from "./faults";
import { type KObject, clone, deepEqual, isPlainObject } from "./json";
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from "./label-selector";
import { type ManagedFieldsEntry, now, trackUpdate } from "./managed-fields";
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from "./patch";
import {
  type Addons,
  type ResourceType,
  findResource,
  groupVersion,
  resourcesFor,
  storeKey,
} from "./resources";
import { serverSideApply } from "./server-side-apply";
import { ApiError, errors } from "./status";
import { Store } from "./store";
import { validateMetadata, validateName, validateSchema } from "./validation";
import { seedCluster } from "./seed";
import { afterWrite, defaultOnCreate, markDeploymentReady, resumeRollouts } from "./controllers";

export interface ClusterOptions {
  name: string;
  /** topology.kubernetes.io/zone of the nodes, e.g. "us-east-1a". */
  zone?: string;
  /** Defaults to the zone without its trailing letter. */
  region?: string;
  /** Istio CRDs installed, with the shared istio-ingressgateway. Default true. */
  istio?: boolean;
  istioVersion?: string;
  /** Gateway API CRDs installed. Default true. */
  gatewayApi?: boolean;
  nodes?: number;
  /** Delay before a Deployment's status reports it ready. Default 100 ms. */
  deploymentReadyDelayMs?: number;
  /** Admin bearer token; random when omitted. */
  token?: string;
  /** What LoadBalancer Services get in status.loadBalancer.ingress. */
  loadBalancer?: "ip" | "hostname";
}

export interface WriteOptions {
  dryRun?: boolean;
  manager: string;
  subresource?: string;
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continue?: string | null;
}

const PROTECTED_NAMESPACES = ["default", "kube-system", "kube-public"];

const nowTs = now;

function specOf(o: KObject | undefined): KObject {
  if (!o) return {};
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

function withoutRv(o: KObject): KObject {
  const { resourceVersion: _rv, ...md } = o.metadata ?? {};
  return { ...o, metadata: md };
}

const METADATA_ORDER = [
  "name",
  "generateName",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
];

function orderedMetadata(md: KObject): KObject {
  const out: KObject = {};
  for (const k of METADATA_ORDER) if (md[k] !== undefined) out[k] = md[k];
  for (const [k, v] of Object.entries(md)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

export class Cluster {
  readonly name: string;
  readonly zone: string;
  readonly region: string;
  readonly addons: Addons;
  readonly istioVersion: string;
  readonly readyDelayMs: number;
  readonly loadBalancer: "ip" | "hostname";
  readonly nodeCount: number;
  readonly store = new Store();
  readonly access = new Access();
  readonly counters = new Counters();
  readonly admin: Identity;
  faults: Faults = {};
  /** Called after every stored change (persistence). */
  onChange?: () => void;
  private timers = new Set<NodeJS.Timeout>();
  private ipCounter = 10;
  private listKeysCache = new Map<string, ListKeys>();

  constructor(
    opts: ClusterOptions,
    readonly index: number,
  ) {
    this.name = opts.name;
    this.zone = opts.zone ?? `zone-${index + 1}`;
    this.region = opts.region ?? this.zone.replace(/[a-z]$/, "");
    this.addons = { istio: opts.istio ?? true, gatewayApi: opts.gatewayApi ?? true };
    this.istioVersion = opts.istioVersion ?? "1.24.2";
    this.readyDelayMs = opts.deploymentReadyDelayMs ?? 100;
    this.loadBalancer = opts.loadBalancer ?? "ip";
    this.nodeCount = opts.nodes ?? 3;
    this.admin = this.access.add({
      token: opts.token ?? newToken(),
      user: "system:admin",
      groups: ["system:masters", "system:authenticated"],
      rules: ADMIN_RULES,
    });
  }

  seed(): void {
    seedCluster(this);
  }

  /** After a restore from a state file: Deployments that were still rolling out finish. */
  resumeControllers(): void {
    resumeRollouts(this);
  }

  markDeploymentReady(rt: ResourceType, ns: string, name: string, gen: number): void {
    markDeploymentReady(this, rt, ns, name, gen);
  }

  /** Counter behind fake cluster IPs, pod IPs and load balancer addresses. */
  nextAddress(): number {
    return this.ipCounter++;
  }

  resources(): ResourceType[] {
    return resourcesFor(this.addons);
  }

  resource(group: string, version: string, resource: string): ResourceType | undefined {
    return findResource(this.addons, group, version, resource);
  }

  listKeys(rt: ResourceType): ListKeys {
    let lk = this.listKeysCache.get(rt.group);
    if (!lk) this.listKeysCache.set(rt.group, (lk = listKeysFor(rt.group)));
    return lk;
  }

  stopTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  // ---- reads ----

  get(rt: ResourceType, ns: string | undefined, name: string): KObject {
    const o = this.store.get(storeKey(rt), ns, name);
    if (!o) throw errors.notFound(rt, name);
    return o;
  }

  list(rt: ResourceType, ns: string | undefined, opts: ListOptions = {}) {
    let labels, fields;
    try {
      labels = parseLabelSelector(opts.labelSelector);
      fields = parseFieldSelector(opts.fieldSelector);
    } catch (e) {
      if (e instanceof SelectorError) throw errors.badRequest(e.message);
      throw e;
    }
    let items = this.store.list(storeKey(rt), ns);
    if (labels.length > 0 || fields.length > 0) {
      items = items.filter((o) => matchesLabels(labels, o.metadata?.labels) && matchesFields(fields, o));
    }
    const rv = String(this.store.rv);
    if (opts.continue) {
      let after: string;
      try {
        after = (JSON.parse(Buffer.from(opts.continue, "base64url").toString()) as { after: string }).after;
      } catch {
        throw errors.badRequest("continue key is not valid: illegal base64 data");
      }
      items = items.filter((o) => keyOf(o) > after);
    }
    let cont: string | undefined;
    let remaining: number | undefined;
    if (opts.limit && opts.limit > 0 && items.length > opts.limit) {
      remaining = items.length - opts.limit;
      items = items.slice(0, opts.limit);
      cont = Buffer.from(JSON.stringify({ rv, after: keyOf(items[items.length - 1]!) })).toString(
        "base64url",
      );
    }
    return { items, resourceVersion: rv, continue: cont, remainingItemCount: remaining };
  }

  // ---- writes ----

  private requireNamespace(rt: ResourceType, ns: string | undefined): void {
    if (!rt.namespaced || !ns) return;
    if (!this.store.get("/namespaces", undefined, ns)) throw errors.namespaceNotFound(ns);
  }

  private checkIdentity(rt: ResourceType, body: KObject, ns: string | undefined, name?: string): void {
    if (!isPlainObject(body)) throw errors.badRequest("the body of the request must be an object");
    body.metadata ??= {};
    if (!isPlainObject(body.metadata)) throw errors.badRequest("metadata must be an object");
    if (body.apiVersion !== undefined && body.apiVersion !== groupVersion(rt)) {
      throw errors.badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${groupVersion(rt)})`,
      );
    }
    if (body.kind !== undefined && body.kind !== rt.kind) {
      throw errors.badRequest(
        `the kind in the data (${String(body.kind)}) does not match the expected kind (${rt.kind})`,
      );
    }
    if (name !== undefined && body.metadata.name !== undefined && body.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${String(body.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (name !== undefined) body.metadata.name ??= name;
    if (rt.namespaced) {
      if (body.metadata.namespace !== undefined && body.metadata.namespace !== ns) {
        throw errors.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request",
        );
      }
      body.metadata.namespace = ns;
    } else delete body.metadata.namespace;
  }

  /** The one place every write goes through: server-owned metadata, validation, no-op, store. */
  private commit(
    rt: ResourceType,
    old: KObject | undefined,
    input: KObject,
    o: WriteOptions & { managedFields?: ManagedFieldsEntry[]; internal?: boolean },
  ): KObject {
    let next = input;
    next.apiVersion = groupVersion(rt);
    next.kind = rt.kind;
    const name = String(next.metadata?.name ?? "");
    if (o.subresource === "status") {
      const status = next.status;
      next = clone(old!);
      if (status === undefined) delete next.status;
      else next.status = status;
    } else if (rt.status && !o.internal) {
      if (old?.status !== undefined) next.status = clone(old.status);
      else delete next.status;
    }
    const md = next.metadata as KObject;
    if (!old) {
      if (!name) {
        throw errors.invalid(rt, "", [
          {
            reason: "FieldValueRequired",
            message: "Required value: name or generateName is required",
            field: "metadata.name",
          },
        ]);
      }
      const bad = validateName(rt, name);
      if (bad.length > 0) throw errors.invalid(rt, name, bad);
      this.requireNamespace(rt, md.namespace);
      md.uid = randomUUID();
      md.creationTimestamp = nowTs();
      defaultOnCreate(this, rt, next);
    } else {
      md.uid = old.metadata.uid;
      md.creationTimestamp = old.metadata.creationTimestamp;
      if (old.metadata.deletionTimestamp) md.deletionTimestamp = old.metadata.deletionTimestamp;
    }
    delete md.resourceVersion;
    if (rt.generation) {
      md.generation = old
        ? deepEqual(specOf(old), specOf(next))
          ? old.metadata.generation
          : (old.metadata.generation ?? 0) + 1
        : 1;
    } else delete md.generation;
    md.managedFields = o.managedFields ?? trackUpdate(old, next, o.manager, this.listKeys(rt), o.subresource);
    if (md.managedFields.length === 0) delete md.managedFields;
    next.metadata = orderedMetadata(md);

    const causes = [...validateMetadata(next.metadata), ...validateSchema(rt, next)];
    if (causes.length > 0) throw errors.invalid(rt, name, causes);

    if (old && deepEqual(withoutRv(old), withoutRv(next))) return old;
    if (o.dryRun) {
      if (old) next.metadata.resourceVersion = old.metadata.resourceVersion;
      return next;
    }
    next.metadata.resourceVersion = String(this.store.nextRv());
    next.metadata = orderedMetadata(next.metadata);
    this.store.put(storeKey(rt), next, old ? "MODIFIED" : "ADDED", old);
    afterWrite(this, rt, old, next);
    this.onChange?.();
    return next;
  }

  writeStatus(rt: ResourceType, obj: KObject, status: KObject): KObject {
    const cur = this.store.get(storeKey(rt), obj.metadata.namespace, obj.metadata.name) ?? obj;
    const next = clone(cur);
    next.status = status;
    return this.commit(rt, cur, next, {
      manager: rt.resource === "services" ? "cloud-controller-manager" : "kube-controller-manager",
      subresource: "status",
    });
  }

  /** Writes by the simulated control plane itself (seed data, controllers). */
  internalWrite(rt: ResourceType, obj: KObject, manager = "kube-controller-manager"): KObject {
    const ns = rt.namespaced ? obj.metadata.namespace : undefined;
    const old = this.store.get(storeKey(rt), ns, obj.metadata.name);
    const body = clone(obj);
    if (!rt.namespaced) delete body.metadata.namespace;
    return this.commit(rt, old, body, { manager, internal: true });
  }

  internalDelete(rt: ResourceType, obj: KObject): void {
    this.store.remove(storeKey(rt), obj, this.store.nextRv());
  }

  create(rt: ResourceType, ns: string | undefined, body: KObject, o: WriteOptions): KObject {
    this.checkIdentity(rt, body, ns);
    if (rt.readOnly) throw errors.methodNotAllowed();
    const name =
      body.metadata.name ??
      (body.metadata.generateName
        ? body.metadata.generateName + Math.random().toString(36).slice(2, 7)
        : undefined);
    if (name !== undefined) body.metadata.name = name;
    if (name && this.store.get(storeKey(rt), rt.namespaced ? ns : undefined, name))
      throw errors.alreadyExists(rt, name);
    delete body.metadata.managedFields;
    return this.commit(rt, undefined, body, o);
  }

  update(rt: ResourceType, ns: string | undefined, name: string, body: KObject, o: WriteOptions): KObject {
    this.checkIdentity(rt, body, ns, name);
    const old = this.get(rt, ns, name);
    const rv = body.metadata.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) throw errors.conflict(rt, name);
    delete body.metadata.managedFields;
    return this.commit(rt, old, body, o);
  }

  patch(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    o: WriteOptions & { force?: boolean },
  ): KObject {
    const old = this.get(rt, ns, name);
    // Note: patches share the subtrees they leave alone with their target, and commit edits the new
    // object's metadata in place; patching the stored object itself would change it too (its
    // generation among others), so the Deployment controller never saw `kubectl scale`.
    const target = clone(old);
    let patched: unknown;
    try {
      if (contentType === "application/json-patch+json") patched = jsonPatch(target, patch);
      else if (contentType === "application/merge-patch+json") patched = mergePatch(target, patch);
      else if (contentType === "application/strategic-merge-patch+json") {
        if (rt.addon) throw errors.unsupportedMediaType(contentType);
        patched = strategicMergePatch(target, patch, this.listKeys(rt));
      } else throw errors.unsupportedMediaType(contentType);
    } catch (e) {
      if (e instanceof PatchError) throw new ApiError(422, "Invalid", e.message);
      throw e;
    }
    if (!isPlainObject(patched)) throw errors.badRequest("patch did not produce an object");
    const next = patched;
    if (
      next.metadata?.resourceVersion !== old.metadata.resourceVersion &&
      next.metadata?.resourceVersion !== undefined
    ) {
      throw errors.conflict(rt, name);
    }
    this.checkIdentity(rt, next, ns, name);
    return this.commit(rt, old, next, o);
  }

  apply(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    applied: KObject,
    o: WriteOptions & { force?: boolean },
  ): KObject {
    if (!isPlainObject(applied)) throw errors.badRequest("the body of the request must be an object");
    if (applied.apiVersion === undefined || applied.kind === undefined) {
      throw errors.badRequest("apiVersion and kind are required for apply");
    }
    this.checkIdentity(rt, applied, ns, name);
    if (rt.readOnly) throw errors.methodNotAllowed();
    const live = this.store.get(storeKey(rt), rt.namespaced ? ns : undefined, name);
    const rv = applied.metadata.resourceVersion;
    if (live && rv !== undefined && rv !== live.metadata.resourceVersion) throw errors.conflict(rt, name);
    if (!live && rv !== undefined) throw errors.notFound(rt, name);
    if (o.subresource === "status") {
      // Status apply: the same algorithm restricted to status, kept simple.
      if (!live) throw errors.notFound(rt, name);
      const next = clone(live);
      next.status = mergePatch(live.status, applied.status ?? {});
      return this.commit(rt, live, next, o);
    }
    const res = serverSideApply(live, applied, o.manager, o.force ?? false, this.listKeys(rt));
    if (!res.ok) {
      const n = res.conflicts.length;
      const message =
        n === 1
          ? `Apply failed with 1 conflict: conflict with ${res.conflicts[0]!.printed}: ${res.conflicts[0]!.field}`
          : `Apply failed with ${n} conflicts: ` +
            [...new Set(res.conflicts.map((c) => c.printed))]
              .sort()
              .map((m) =>
                [
                  `conflicts with ${m}:`,
                  ...res.conflicts.filter((c) => c.printed === m).map((c) => `- ${c.field}`),
                ].join("\n"),
              )
              .join("\n");
      throw new ApiError(409, "Conflict", message, {
        causes: res.conflicts.map((c) => ({
          type: "FieldManagerConflict",
          message: `conflict with ${c.printed}`,
          field: c.field,
        })),
      });
    }
    const next = res.object;
    next.metadata.name = name;
    if (rt.namespaced) next.metadata.namespace = ns;
    const mf = next.metadata.managedFields as ManagedFieldsEntry[];
    return this.commit(rt, live, next, { ...o, managedFields: mf });
  }

  delete(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    o: { dryRun?: boolean; preconditions?: { resourceVersion?: string; uid?: string } },
  ): KObject {
    const old = this.get(rt, ns, name);
    if (rt.readOnly) throw errors.methodNotAllowed();
    const pre = o.preconditions;
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
      throw errors.conflict(rt, name);
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw new ApiError(
        409,
        "Conflict",
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(old.metadata.uid)}`,
        {
          name,
          group: rt.group,
          kind: rt.resource,
        },
      );
    }
    const isNs = rt.group === "" && rt.resource === "namespaces";
    if (isNs && PROTECTED_NAMESPACES.includes(name)) {
      throw new ApiError(
        403,
        "Forbidden",
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        { name, kind: "namespaces" },
      );
    }
    if (o.dryRun) return old;
    if (isNs) {
      // Real namespaces pass through Terminating; the simulator finalizes at once.
      for (const other of this.resources()) {
        if (!other.namespaced || other.review) continue;
        for (const obj of this.store.list(storeKey(other), name)) this.internalDelete(other, obj);
      }
    }
    const gone = clone(old);
    const rv = this.store.nextRv();
    gone.metadata.resourceVersion = String(rv);
    if (isNs) {
      gone.metadata.deletionTimestamp = nowTs();
      gone.status = { phase: "Terminating" };
    }
    this.store.remove(storeKey(rt), gone, rv);
    if (rt.group === "apps" && rt.resource === "deployments") {
      // Garbage collection of the simulated Pods, which name the Deployment as their owner.
      const pods = this.resource("", "v1", "pods")!;
      for (const p of this.store.list(storeKey(pods), ns)) {
        if (p.metadata.ownerReferences?.[0]?.uid === old.metadata.uid) this.internalDelete(pods, p);
      }
    }
    this.onChange?.();
    return gone;
  }

  deleteCollection(rt: ResourceType, ns: string | undefined, opts: ListOptions & { dryRun?: boolean }) {
    const { items } = this.list(rt, ns, {
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
    });
    const deleted = [...items].map((o) =>
      this.delete(rt, rt.namespaced ? o.metadata.namespace : undefined, o.metadata.name, {
        dryRun: opts.dryRun,
      }),
    );
    return { items: deleted, resourceVersion: String(this.store.rv) };
  }

  /** One pass of the competing-writer fault: sets the field on every matching object. */
  competingWrite(): number {
    const cw = this.faults.competingWriter;
    if (!cw) return 0;
    const rt = this.resources().find(
      (r) => r.resource === cw.resource && (cw.group === undefined || r.group === cw.group),
    );
    if (!rt) return 0;
    const path = pathFromString(cw.field)
      .split("\u0001")
      .map((p) => p.slice(2));
    let n = 0;
    for (const obj of this.store.list(storeKey(rt), cw.namespace)) {
      if (cw.name && obj.metadata.name !== cw.name) continue;
      const next = clone(obj);
      let cur: KObject = next;
      for (const p of path.slice(0, -1)) {
        if (!isPlainObject(cur[p])) cur[p] = {};
        cur = cur[p];
      }
      cur[path[path.length - 1]!] = clone(cw.value);
      const res = this.commit(rt, obj, next, { manager: cw.manager });
      if (res !== obj) n++;
    }
    return n;
  }
}

function keyOf(o: KObject): string {
  return o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : String(o.metadata?.name);
}
