import { json, route } from "@/lib/api/handler";
import { listKubeconfigContexts } from "@/lib/clusters/parse-kubeconfig";
import { kubeconfigContextsSchema } from "@/lib/validations/cluster";

// Lists the contexts of an uploaded kubeconfig and whether each can be registered; stores nothing.
// Permission: cluster:write (only people who may register clusters upload kubeconfigs)
export const POST = route({ permission: "cluster:write", body: kubeconfigContextsSchema }, async ({ body }) =>
  json(listKubeconfigContexts(body.kubeconfig), { headers: { "cache-control": "no-store" } }),
);
