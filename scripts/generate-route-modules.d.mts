export const ROUTE_MODULES_FILE: string;
export function routePaths(root: string): string[];
export function renderRouteModules(root: string): string;
