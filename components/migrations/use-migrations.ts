"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { MigrationsResponse } from "@/lib/api/schemas/migrations";

/** Where every product stands, the clusters and the approval rules (GET /api/migrations). */
export function useMigrations() {
  return useQuery({
    queryKey: queryKeys.migrations.list(),
    queryFn: () => apiFetch<MigrationsResponse>("/api/migrations"),
    staleTime: 0,
  });
}
