"use client";

// The gateway request form. It validates with the same zod schema as the API on every change and
// shows each problem under its field; the server's answer (scope, unknown team) is shown on submit.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatIssuePath } from "@/lib/errors/app-error";
import { apiFetch, ApiError } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import { gatewayRequestPayloadSchema, type GatewayRequestPayload } from "@/lib/validations/request";

type RouteRow = { pathPrefix: string; service: string; port: string };
type Draft = {
  product: string;
  team: string;
  namespace: string;
  hosts: string;
  clusters: string[];
  tlsSecret: string;
  routes: RouteRow[];
  reason: string;
};

function toInput(d: Draft) {
  return {
    product: d.product,
    team: d.team,
    namespace: d.namespace,
    hosts: d.hosts
      .split(/[\s,]+/)
      .map((h) => h.trim())
      .filter(Boolean),
    clusters: d.clusters,
    tlsSecret: d.tlsSecret,
    // A port the person typed as digits is sent as a number; anything else goes as typed, so the
    // schema's message says what is wrong with it.
    routes: d.routes.map((r) => ({
      pathPrefix: r.pathPrefix,
      service: r.service,
      port: /^\d{1,5}$/.test(r.port.trim()) ? Number(r.port.trim()) : r.port,
    })),
    reason: d.reason || undefined,
  };
}

function fromPayload(p: GatewayRequestPayload): Draft {
  return {
    product: p.product,
    team: p.team,
    namespace: p.namespace,
    hosts: p.hosts.join("\n"),
    clusters: p.clusters,
    tlsSecret: p.tlsSecret ?? "",
    routes: p.routes.map((r) => ({ pathPrefix: r.pathPrefix, service: r.service, port: String(r.port) })),
    reason: p.reason ?? "",
  };
}

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus-visible:border-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-invalid:border-red-600";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="text-xs text-red-700">
      {message}
    </p>
  ) : null;
}

export function RequestForm({
  teams,
  clusters,
  initial,
  requestId,
}: {
  teams: { slug: string; name: string; products: string[] }[];
  clusters: { name: string; production: boolean }[];
  initial?: GatewayRequestPayload;
  /** Set when editing a request that was sent back. */
  requestId?: string;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(
    initial
      ? fromPayload(initial)
      : {
          product: "",
          team: teams[0]?.slug ?? "",
          namespace: "",
          hosts: "",
          clusters: [],
          tlsSecret: "",
          routes: [{ pathPrefix: "/", service: "", port: "8080" }],
          reason: "",
        },
  );
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  const errors = useMemo(() => {
    const parsed = gatewayRequestPayloadSchema.safeParse(toInput(draft));
    const out = new Map<string, string>();
    if (!parsed.success)
      for (const i of parsed.error.issues) {
        const key = formatIssuePath(i.path);
        if (!out.has(key)) out.set(key, i.message);
      }
    return out;
  }, [draft]);

  const show = (key: string) =>
    submitted || touched.has(key.split(/[.[]/)[0]!) ? errors.get(key) : undefined;
  const touch = (key: string) => setTouched((t) => new Set(t).add(key));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    touch(key);
  };

  const save = useMutation({
    mutationFn: (input: unknown) =>
      requestId
        ? apiFetch<{ id: string }>(`/api/requests/${encodeURIComponent(requestId)}`, {
            method: "PUT",
            json: input,
          })
        : apiFetch<{ id: string }>("/api/requests", { json: input }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requests.all });
      router.push(`/requests/${res.id}`);
      router.refresh();
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (errors.size === 0) save.mutate(toInput(draft));
  }

  const team = teams.find((t) => t.slug === draft.team);
  const fieldProps = (key: string) => ({
    "aria-invalid": show(key) ? true : undefined,
    "aria-describedby": show(key) ? `${key}-error` : undefined,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Gateway request">
      <Card>
        <CardHeader
          title="Product"
          description="The product gets its own gateway in the namespace you name."
        />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <div className="space-y-1">
            <label htmlFor="team" className="block text-sm font-medium text-slate-800">
              Team
            </label>
            <select
              id="team"
              className={inputClass}
              value={draft.team}
              onChange={(e) => set("team", e.target.value)}
              {...fieldProps("team")}
            >
              {teams.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
            <FieldError id="team-error" message={show("team")} />
          </div>
          <div className="space-y-1">
            <label htmlFor="product" className="block text-sm font-medium text-slate-800">
              Product
            </label>
            <input
              id="product"
              list="team-products"
              className={inputClass}
              value={draft.product}
              onChange={(e) => set("product", e.target.value)}
              placeholder="payments"
              {...fieldProps("product")}
            />
            <datalist id="team-products">
              {team?.products.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
            <FieldError id="product-error" message={show("product")} />
          </div>
          <div className="space-y-1">
            <label htmlFor="namespace" className="block text-sm font-medium text-slate-800">
              Gateway namespace
            </label>
            <input
              id="namespace"
              className={inputClass}
              value={draft.namespace}
              onChange={(e) => set("namespace", e.target.value)}
              placeholder="payments"
              {...fieldProps("namespace")}
            />
            <FieldError id="namespace-error" message={show("namespace")} />
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Hosts, clusters and TLS" />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <div className="space-y-1">
            <label htmlFor="hosts" className="block text-sm font-medium text-slate-800">
              Hosts (one per line)
            </label>
            <textarea
              id="hosts"
              rows={3}
              className={inputClass}
              value={draft.hosts}
              onChange={(e) => set("hosts", e.target.value)}
              placeholder="payments.my-company.io"
              {...fieldProps("hosts")}
              aria-describedby={
                show("hosts") || [...errors.keys()].some((k) => k.startsWith("hosts["))
                  ? "hosts-error"
                  : undefined
              }
            />
            <FieldError
              id="hosts-error"
              message={
                show("hosts") ??
                [...errors.entries()].find(
                  ([k]) => k.startsWith("hosts[") && (submitted || touched.has("hosts")),
                )?.[1]
              }
            />
          </div>
          <fieldset className="space-y-1">
            <legend className="block text-sm font-medium text-slate-800">Clusters</legend>
            {clusters.length === 0 ? (
              <p className="text-xs text-slate-600">No clusters are registered yet.</p>
            ) : null}
            {clusters.map((c) => (
              <label key={c.name} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name="clusters"
                  value={c.name}
                  checked={draft.clusters.includes(c.name)}
                  onChange={(e) =>
                    set(
                      "clusters",
                      e.target.checked
                        ? [...draft.clusters, c.name]
                        : draft.clusters.filter((n) => n !== c.name),
                    )
                  }
                />
                {c.name}
                {c.production ? <span className="text-xs text-amber-800">(production)</span> : null}
              </label>
            ))}
            <FieldError id="clusters-error" message={show("clusters")} />
          </fieldset>
          <div className="space-y-1">
            <label htmlFor="tlsSecret" className="block text-sm font-medium text-slate-800">
              TLS secret
            </label>
            <input
              id="tlsSecret"
              className={inputClass}
              value={draft.tlsSecret}
              onChange={(e) => set("tlsSecret", e.target.value)}
              placeholder="payments-tls"
              {...fieldProps("tlsSecret")}
              aria-describedby="tlsSecret-hint"
            />
            <p id="tlsSecret-hint" className="text-xs text-slate-600">
              Name of the secret in the gateway namespace; leave empty for plain HTTP.
            </p>
            <FieldError id="tlsSecret-error" message={show("tlsSecret")} />
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Routes"
          description="Each path prefix goes to a service in the gateway namespace."
        />
        <CardBody className="space-y-3">
          {draft.routes.map((r, i) => (
            <div key={i} className="grid items-end gap-3 sm:grid-cols-[2fr_2fr_1fr_auto]">
              <div className="space-y-1">
                <label htmlFor={`route-${i}-path`} className="block text-sm font-medium text-slate-800">
                  Path prefix
                </label>
                <input
                  id={`route-${i}-path`}
                  className={inputClass}
                  value={r.pathPrefix}
                  onChange={(e) =>
                    set(
                      "routes",
                      draft.routes.map((x, j) => (j === i ? { ...x, pathPrefix: e.target.value } : x)),
                    )
                  }
                  {...fieldProps(`routes[${i}].pathPrefix`)}
                  aria-describedby={
                    show(`routes[${i}].pathPrefix`) ? `routes[${i}].pathPrefix-error` : undefined
                  }
                />
                <FieldError id={`routes[${i}].pathPrefix-error`} message={show(`routes[${i}].pathPrefix`)} />
              </div>
              <div className="space-y-1">
                <label htmlFor={`route-${i}-service`} className="block text-sm font-medium text-slate-800">
                  Service
                </label>
                <input
                  id={`route-${i}-service`}
                  className={inputClass}
                  value={r.service}
                  onChange={(e) =>
                    set(
                      "routes",
                      draft.routes.map((x, j) => (j === i ? { ...x, service: e.target.value } : x)),
                    )
                  }
                  {...fieldProps(`routes[${i}].service`)}
                  aria-describedby={show(`routes[${i}].service`) ? `routes[${i}].service-error` : undefined}
                />
                <FieldError id={`routes[${i}].service-error`} message={show(`routes[${i}].service`)} />
              </div>
              <div className="space-y-1">
                <label htmlFor={`route-${i}-port`} className="block text-sm font-medium text-slate-800">
                  Port
                </label>
                <input
                  id={`route-${i}-port`}
                  inputMode="numeric"
                  className={inputClass}
                  value={r.port}
                  onChange={(e) =>
                    set(
                      "routes",
                      draft.routes.map((x, j) => (j === i ? { ...x, port: e.target.value } : x)),
                    )
                  }
                  {...fieldProps(`routes[${i}].port`)}
                  aria-describedby={show(`routes[${i}].port`) ? `routes[${i}].port-error` : undefined}
                />
                <FieldError id={`routes[${i}].port-error`} message={show(`routes[${i}].port`)} />
              </div>
              <Button
                variant="ghost"
                disabled={draft.routes.length === 1}
                onClick={() =>
                  set(
                    "routes",
                    draft.routes.filter((_, j) => j !== i),
                  )
                }
              >
                Remove<span className="sr-only"> route {i + 1}</span>
              </Button>
            </div>
          ))}
          <Button
            variant="secondary"
            onClick={() => set("routes", [...draft.routes, { pathPrefix: "", service: "", port: "8080" }])}
          >
            Add route
          </Button>
        </CardBody>
      </Card>

      <div className="space-y-1">
        <label htmlFor="reason" className="block text-sm font-medium text-slate-800">
          Why is the gateway needed?
        </label>
        <textarea
          id="reason"
          rows={2}
          className={inputClass}
          value={draft.reason}
          onChange={(e) => set("reason", e.target.value)}
        />
      </div>

      {submitted && errors.size > 0 ? (
        <Alert tone="error" title="The request is not complete">
          Fix the {errors.size} problem{errors.size === 1 ? "" : "s"} shown under the fields.
        </Alert>
      ) : null}
      {save.error ? (
        <Alert tone="error" title="The request was not saved">
          {save.error.message}
          {save.error instanceof ApiError &&
          Array.isArray((save.error.details as { issues?: unknown[] } | undefined)?.issues) ? (
            <ul className="mt-1 list-disc pl-5">
              {(save.error.details as { issues: { path: string; message: string }[] }).issues.map((i) => (
                <li key={i.path}>
                  {i.path}: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Submitting…" : requestId ? "Resubmit request" : "Submit request"}
      </Button>
    </form>
  );
}
