import { StatusPage } from "@/components/ui/status-page";

// Rendered with HTTP 403 when a page calls forbidden() (requirePermission).
export default function Forbidden() {
  return (
    <StatusPage status={403} statusClassName="text-red-700" title="Your role cannot open this page">
      Ask a Portico administrator for a role that includes this area if you need it.
    </StatusPage>
  );
}
