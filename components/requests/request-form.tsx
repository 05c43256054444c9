"use client";

// The gateway request form. It validates with the same zod schema as the API on every change and
// shows each problem under its field; the server's answer (scope, unknown team) is shown on submit.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Options, Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
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

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Gateway request">
      <Card>
        <CardHeader
          title="Product"
          description="The product gets its own gateway in the namespace you name."
        />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <Field id="team" label="Team" error={show("team")}>
            <Select value={draft.team} onChange={(e) => set("team", e.target.value)}>
              <Options options={teams.map((t) => ({ value: t.slug, label: t.name }))} />
            </Select>
          </Field>
          <Field id="product" label="Product" error={show("product")}>
            <Input
              list="team-products"
              value={draft.product}
              onChange={(e) => set("product", e.target.value)}
              placeholder="payments"
            />
          </Field>
          <datalist id="team-products">
            {team?.products.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <Field id="namespace" label="Gateway namespace" error={show("namespace")}>
            <Input
              value={draft.namespace}
              onChange={(e) => set("namespace", e.target.value)}
              placeholder="payments"
            />
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Hosts, clusters and TLS" />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <Field
            id="hosts"
            label="Hosts (one per line)"
            error={
              show("hosts") ??
              [...errors.entries()].find(
                ([k]) => k.startsWith("hosts[") && (submitted || touched.has("hosts")),
              )?.[1]
            }
          >
            <Textarea
              rows={3}
              value={draft.hosts}
              onChange={(e) => set("hosts", e.target.value)}
              placeholder="payments.my-company.io"
            />
          </Field>
          <fieldset
            className="min-w-0 space-y-1"
            aria-describedby={show("clusters") ? "clusters-error" : undefined}
          >
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
                <span className="min-w-0 break-all">{c.name}</span>
                {c.production ? <span className="text-xs text-amber-800">(production)</span> : null}
              </label>
            ))}
            {show("clusters") ? (
              <p id="clusters-error" className="text-xs text-red-700">
                {show("clusters")}
              </p>
            ) : null}
          </fieldset>
          <Field
            id="tlsSecret"
            label="TLS secret"
            hint="Name of the secret in the gateway namespace; leave empty for plain HTTP."
            error={show("tlsSecret")}
          >
            <Input
              value={draft.tlsSecret}
              onChange={(e) => set("tlsSecret", e.target.value)}
              placeholder="payments-tls"
            />
          </Field>
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
              <Field id={`route-${i}-path`} label="Path prefix" error={show(`routes[${i}].pathPrefix`)}>
                <Input
                  value={r.pathPrefix}
                  onChange={(e) =>
                    set(
                      "routes",
                      draft.routes.map((x, j) => (j === i ? { ...x, pathPrefix: e.target.value } : x)),
                    )
                  }
                />
              </Field>
              <Field id={`route-${i}-service`} label="Service" error={show(`routes[${i}].service`)}>
                <Input
                  value={r.service}
                  onChange={(e) =>
                    set(
                      "routes",
                      draft.routes.map((x, j) => (j === i ? { ...x, service: e.target.value } : x)),
                    )
                  }
                />
              </Field>
              <Field id={`route-${i}-port`} label="Port" error={show(`routes[${i}].port`)}>
                <Input
                  inputMode="numeric"
                  value={r.port}
                  onChange={(e) =>
                    set(
                      "routes",
                      draft.routes.map((x, j) => (j === i ? { ...x, port: e.target.value } : x)),
                    )
                  }
                />
              </Field>
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

      <Field id="reason" label="Why is the gateway needed?" error={show("reason")}>
        <Textarea rows={2} value={draft.reason} onChange={(e) => set("reason", e.target.value)} />
      </Field>

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
