import type { Metadata } from "next";
import { RegisterClusterForm } from "@/components/clusters/register-cluster-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Register a cluster" };

// Registration of a cluster, followed by its connection checklist.
export default async function RegisterClusterPage() {
  await requirePermission("cluster:write");
  return (
    <>
      <PageHeader
        title="Register a cluster"
        description="Give Portico access to a Kubernetes cluster. For the demo, run npm run sim and upload the kubeconfig it writes."
      />
      <RegisterClusterForm />
    </>
  );
}
