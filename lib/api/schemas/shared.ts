// What every response schema shares: how a date travels, and the proof that a domain type fits.
import { z } from "zod";

/** A date as JSON carries it (`Date.toJSON()`): an ISO 8601 string. */
export const isoDate = z.iso.datetime({ offset: true });

/**
 * A compile-time proof that what the server builds (`T`) is what the schema `S` accepts, for the
 * domain types that stay plain interfaces in the pure folders: `type _X = Fits<X, typeof xSchema>`.
 */
export type Fits<T extends z.input<S>, S extends z.ZodType> = T;
