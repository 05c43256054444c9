/** A migration step that cannot be computed as asked; the message says what to change. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}
