// The URL of a revision's graph: the page preloads it with the HTML, and the client's fetch of the
// very same URL then uses the preloaded answer.
export const revisionGraphUrl = (revision: number, compare?: number) =>
  `/api/revisions/${revision}/graph${compare === undefined ? "" : `?compare=${compare}`}`;
