import { StatusPage } from "@/components/ui/status-page";

// Any page path no route matches.
export default function NotFound() {
  return (
    <StatusPage status={404} statusClassName="text-indigo-700" title="Page not found">
      This address does not match any page of Portico. Check the link, or start again from the overview.
    </StatusPage>
  );
}
