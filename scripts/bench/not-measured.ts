/** Thrown when a part of the bench cannot run yet (a prerequisite is missing); the bench prints the reason and goes on. */
export class NotMeasured extends Error {
  override name = 'NotMeasured';
}
