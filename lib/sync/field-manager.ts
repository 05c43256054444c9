/** The field manager of every server-side apply Portico makes. */
export const FIELD_MANAGER = "portico";
