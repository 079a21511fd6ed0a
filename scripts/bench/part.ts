/** What each part of the bench hands back for printing and for `bench/results.json`. */

export interface Budget {
  what: string;
  limit: string;
  actual: string;
  pass: boolean;
}

export interface PartReport {
  tables: { caption: string; text: string }[];
  budgets: Budget[];
  /** Measurements inside the part that could not be taken: "not measured: <reason>" lines. */
  notMeasured: string[];
  /** The numbers, as written to results.json. */
  data: unknown;
}

export function budget(what: string, pass: boolean, limit: string, actual: string): Budget {
  return { what, limit, actual, pass };
}
