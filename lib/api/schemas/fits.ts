import type { z } from "zod";

/**
 * A compile-time proof that what the server builds (`T`) is what the schema `S` accepts, for the
 * domain types that stay plain interfaces in the pure folders: `type _X = Fits<X, typeof xSchema>`.
 */
export type Fits<T extends z.input<S>, S extends z.ZodType> = T;
