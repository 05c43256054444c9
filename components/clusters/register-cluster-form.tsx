"use client";
// Registers a cluster from a kubeconfig (choose one of its contexts) or from an API server URL, CA
// and token. Fields are checked with the server's own zod schemas as you type; what the server
// still refuses is shown next to the field it names. After registration the connection checklist
// runs and its result is shown with what Portico may do in the cluster.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import type { CheckReport } from "@/lib/clusters/check-cluster";
import type { KubeconfigContext } from "@/lib/clusters/parse-kubeconfig";
import { ApiError, apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import { endpointRegistrationSchema, kubeconfigRegistrationSchema } from "@/lib/validations/cluster";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConnectionChecklist, PorticoAccessList } from "./connection-checklist";

type Mode = "kubeconfig" | "endpoint";
type Values = Record<string, string>;

const INPUT =
  "block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600";

function FieldShell({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-700">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: string) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** Form values → the request body: empty optional fields left out, checkboxes as booleans. */
function toBody(mode: Mode, v: Values, production: boolean, insecure: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys =
    mode === "kubeconfig"
      ? ["kubeconfig", "context", "name", "zone", "region"]
      : ["name", "server", "caData", "token", "zone", "region"];
  for (const k of keys) if (v[k]?.trim()) out[k] = k === "kubeconfig" ? v[k] : v[k]!.trim();
  if (production) out.production = true;
  if (mode === "endpoint" && insecure) out.insecureSkipTlsVerify = true;
  return out;
}

export function RegisterClusterForm() {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>("kubeconfig");
  const [values, setValues] = useState<Values>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [production, setProduction] = useState(false);
  const [insecure, setInsecure] = useState(false);
  const [contexts, setContexts] = useState<KubeconfigContext[]>();
  const [serverFieldErrors, setServerFieldErrors] = useState<Record<string, string>>({});

  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setTouched((t) => new Set(t).add(key));
    setServerFieldErrors((e) => ({ ...e, [key]: "" }));
  };

  const body = useMemo(
    () => toBody(mode, values, production, insecure),
    [mode, values, production, insecure],
  );
  const clientErrors = useMemo(() => {
    const schema = mode === "kubeconfig" ? kubeconfigRegistrationSchema : endpointRegistrationSchema;
    const parsed = schema.safeParse(body);
    const out: Record<string, string> = {};
    if (!parsed.success)
      for (const issue of parsed.error.issues) out[String(issue.path[0] ?? "form")] ??= issue.message;
    if (mode === "kubeconfig" && contexts && !values.context)
      out.context ??= "Choose one of the kubeconfig's contexts.";
    if (mode === "endpoint" && !values.name?.trim()) out.name ??= "Give the cluster a name, e.g. east.";
    if (mode === "endpoint" && !values.token?.trim()) out.token ??= "Give the service account token.";
    if (mode === "endpoint" && values.server?.trim() && !/^https:\/\//.test(values.server.trim()))
      out.server ??= "Use the https:// URL of the API server, e.g. https://10.0.0.1:6443.";
    return out;
  }, [mode, body, contexts, values]);
  const errorOf = (key: string) =>
    serverFieldErrors[key] || (touched.has(key) ? clientErrors[key] : undefined);

  const inspect = useMutation({
    mutationFn: (kubeconfig: string) =>
      apiFetch<{ contexts: KubeconfigContext[]; currentContext: string | null }>(
        "/api/clusters/kubeconfig-contexts",
        { json: { kubeconfig } },
      ),
    onSuccess: (r) => {
      setContexts(r.contexts);
      const pick = r.contexts.find((c) => c.current && c.usable) ?? r.contexts.find((c) => c.usable);
      if (pick) {
        setValues((v) => ({
          ...v,
          context: pick.name,
          name: v.name || (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(pick.name) ? pick.name : ""),
        }));
      }
    },
    onError: () => setContexts(undefined),
  });

  const register = useMutation({
    mutationFn: async (payload: Record<string, unknown>) => {
      const { cluster } = await apiFetch<{ cluster: { name: string } }>("/api/clusters", { json: payload });
      return cluster;
    },
    onSuccess: (cluster) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.clusters.all });
      check.mutate(cluster.name);
    },
    onError: (err) => {
      const fields: Record<string, string> = {};
      if (err instanceof ApiError && Array.isArray(err.details)) {
        for (const d of err.details as { path?: string; message?: string }[])
          if (d.path && d.message) fields[d.path.split(".")[0]!] ??= d.message;
      }
      setServerFieldErrors(fields);
    },
  });

  const check = useMutation({
    mutationFn: (name: string) =>
      apiFetch<{ report: CheckReport }>(`/api/clusters/${encodeURIComponent(name)}/test`, { method: "POST" }),
  });

  const onKubeconfigText = (text: string) => {
    set("kubeconfig", text);
    setContexts(undefined);
    if (text.trim()) inspect.mutate(text);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const all =
      mode === "kubeconfig"
        ? ["kubeconfig", "context", "name", "zone", "region"]
        : ["name", "server", "caData", "token", "zone", "region"];
    setTouched(new Set(all));
    if (Object.keys(clientErrors).length > 0) return;
    register.mutate(body);
  };

  const registered = register.data;
  if (registered) {
    return (
      <div className="space-y-4" data-testid="registration-result">
        <Alert tone="info" title={`Cluster ${registered.name} is registered`}>
          Portico stored its connection (credentials encrypted). The connection checklist below says what
          works and what to fix.
        </Alert>
        {check.isPending ? (
          <p role="status" className="text-sm text-slate-800">
            Running the connection checklist against the API server… (this can take up to a minute for a slow
            or unreachable cluster)
          </p>
        ) : check.error ? (
          <Alert tone="error" title="The connection check could not run">
            {check.error.message} Open the cluster and run the check again.
          </Alert>
        ) : check.data ? (
          <ConnectionChecklist report={check.data.report} />
        ) : null}
        <PorticoAccessList />
        <div className="flex gap-2">
          <Link
            className={buttonClasses("primary")}
            href={`/clusters/${encodeURIComponent(registered.name)}`}
          >
            Open {registered.name}
          </Link>
          <Link className={buttonClasses("secondary")} href="/clusters">
            Back to clusters
          </Link>
        </div>
      </div>
    );
  }

  const field = (
    key: string,
    label: string,
    opts: { hint?: string; placeholder?: string; type?: string; required?: boolean } = {},
  ) => {
    const error = errorOf(key);
    return (
      <FieldShell id={`cluster-${key}`} label={label} hint={opts.hint} error={error}>
        <input
          id={`cluster-${key}`}
          name={key}
          type={opts.type ?? "text"}
          autoComplete="off"
          value={values[key] ?? ""}
          placeholder={opts.placeholder}
          required={opts.required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`cluster-${key}`, error, opts.hint)}
          onChange={(e) => set(key, e.target.value)}
          onBlur={() => setTouched((t) => new Set(t).add(key))}
          className={`${INPUT} ${error ? "border-red-600" : "border-slate-300"}`}
        />
      </FieldShell>
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4" aria-label="Register a cluster">
      <fieldset className="flex gap-4 text-sm">
        <legend className="mb-1 text-sm font-medium text-slate-800">Connect with</legend>
        {(
          [
            ["kubeconfig", "A kubeconfig file"],
            ["endpoint", "API server URL, CA and token"],
          ] as const
        ).map(([m, label]) => (
          <label key={m} className="flex items-center gap-1.5">
            <input
              type="radio"
              name="mode"
              value={m}
              checked={mode === m}
              onChange={() => {
                setMode(m);
                setTouched(new Set());
                setServerFieldErrors({});
                register.reset();
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>

      {mode === "kubeconfig" ? (
        <>
          <FieldShell
            id="cluster-kubeconfig-file"
            label="Kubeconfig file"
            hint="Read in the browser and sent once; only the chosen context's connection is stored."
          >
            <input
              id="cluster-kubeconfig-file"
              type="file"
              accept=".yaml,.yml,.conf,.config,text/yaml,application/x-yaml,*/*"
              aria-describedby="cluster-kubeconfig-file-hint"
              className="block text-sm"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) onKubeconfigText(await file.text());
              }}
            />
          </FieldShell>
          <FieldShell id="cluster-kubeconfig" label="…or paste it" error={errorOf("kubeconfig")}>
            <textarea
              id="cluster-kubeconfig"
              rows={6}
              value={values.kubeconfig ?? ""}
              onChange={(e) => onKubeconfigText(e.target.value)}
              aria-invalid={errorOf("kubeconfig") ? true : undefined}
              aria-describedby={describedBy("cluster-kubeconfig", errorOf("kubeconfig"))}
              className={`${INPUT} font-mono text-xs ${errorOf("kubeconfig") ? "border-red-600" : "border-slate-300"}`}
            />
          </FieldShell>
          {inspect.isPending ? (
            <p role="status" className="text-sm text-slate-800">
              Reading the kubeconfig…
            </p>
          ) : inspect.error ? (
            <Alert tone="error" title="This kubeconfig cannot be used">
              {inspect.error.message}
            </Alert>
          ) : null}
          {contexts ? (
            <FieldShell
              id="cluster-context"
              label="Context"
              error={errorOf("context")}
              hint="Contexts Portico cannot use say why."
            >
              <select
                id="cluster-context"
                value={values.context ?? ""}
                onChange={(e) => set("context", e.target.value)}
                aria-invalid={errorOf("context") ? true : undefined}
                aria-describedby={describedBy(
                  "cluster-context",
                  errorOf("context"),
                  "Contexts Portico cannot use say why.",
                )}
                className={`${INPUT} border-slate-300`}
              >
                <option value="">Choose a context</option>
                {contexts.map((c) => (
                  <option key={c.name} value={c.name} disabled={!c.usable}>
                    {c.name} — {c.server ?? "no server"}
                    {c.usable ? "" : ` (cannot be used: ${c.problem})`}
                  </option>
                ))}
              </select>
            </FieldShell>
          ) : null}
          {field("name", "Cluster name", {
            hint: "Defaults to the context name; the topology refers to clusters by this name.",
            placeholder: "east",
          })}
        </>
      ) : (
        <>
          {field("name", "Cluster name", {
            hint: "The topology refers to clusters by this name.",
            placeholder: "east",
            required: true,
          })}
          {field("server", "API server URL", { placeholder: "https://10.0.0.1:6443", required: true })}
          <FieldShell
            id="cluster-caData"
            label="CA certificate (PEM)"
            hint="Leave empty when the API server's certificate is signed by a public CA."
            error={errorOf("caData")}
          >
            <textarea
              id="cluster-caData"
              rows={4}
              value={values.caData ?? ""}
              onChange={(e) => set("caData", e.target.value)}
              aria-describedby={describedBy(
                "cluster-caData",
                errorOf("caData"),
                "Leave empty when the API server's certificate is signed by a public CA.",
              )}
              className={`${INPUT} border-slate-300 font-mono text-xs`}
            />
          </FieldShell>
          {field("token", "Service account token", {
            type: "password",
            required: true,
            hint: "Stored encrypted; never shown again.",
          })}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} />
            Skip TLS verification (test clusters only; refused for production clusters)
          </label>
        </>
      )}

      <div className="grid grid-cols-2 gap-3">
        {field("zone", "Zone (optional)", {
          placeholder: "us-east-1a",
          hint: "Filled from the nodes' labels when left empty.",
        })}
        {field("region", "Region (optional)", { placeholder: "us-east-1" })}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={production} onChange={(e) => setProduction(e.target.checked)} />
        Production cluster (stricter approval rules)
      </label>

      {register.error ? (
        <Alert tone="error" title="The cluster was not registered">
          {register.error.message}
        </Alert>
      ) : null}

      <div className="flex gap-2">
        <Button type="submit" disabled={register.isPending}>
          {register.isPending ? "Registering…" : "Register cluster"}
        </Button>
        <Link className={buttonClasses("secondary")} href="/clusters">
          Cancel
        </Link>
      </div>
    </form>
  );
}
