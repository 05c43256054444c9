// The one QueryClient factory. On the server each request gets a new client (no data shared
// between users); in the browser one client lives for the page's lifetime.
import { isServer, QueryClient } from "@tanstack/react-query";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Above zero so what a page passed as initialData is not fetched again as soon as it shows.
        staleTime: 30_000,
        // Note: 401/403/404 will not change by retrying; everything else gets two more tries.
        retry: (failureCount, error) => {
          const status = (error as { status?: number }).status;
          if (status !== undefined && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
        refetchOnWindowFocus: false,
      },
    },
  });
}

let browserClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
