/** Something the model asks for that the chosen output format cannot carry. */
export interface NotExpressibleNote {
  /** Cluster being rendered. */
  cluster: string;
  /** Model element concerned, e.g. `route/payments/payments`. */
  source: string;
  /** What could not be expressed and what was done instead. */
  message: string;
  /**
   * Set when the element was refused (not rendered) because the format would route differently:
   * the analyzer code that reports it (PTC043, PTC044).
   */
  code?: string;
}
