import type { Product } from "@/lib/topology";

/**
 * Where a product's gateway should live: the product's own namespace, or a dedicated
 * `<product>-gateway` namespace when the product spans several (no team's namespace then hosts a
 * gateway every team depends on).
 */
export function suggestGatewayNamespace(product: Pick<Product, "name" | "namespaces">): string {
  return product.namespaces.length === 1 ? product.namespaces[0]! : `${product.name}-gateway`;
}

/** Name of the gateway Portico deploys for a product. */
export function productGatewayName(product: string): string {
  return `${product}-gateway`;
}
