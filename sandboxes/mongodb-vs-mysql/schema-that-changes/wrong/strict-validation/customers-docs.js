// Strict validation: every update must produce a valid document, so old documents can no longer be updated at all.
/**
 * Version 2 of a customer document: { _id, schemaVersion: 2, name, plan: 'free' | 'pro' }.
 * Documents written by the old code stay as they are: { _id, name, paidUntil } (no schemaVersion).
 */
import { TODAY } from './customers-data.js';

/**
 * The collection's validator (a query filter every new or updated document must match) and its
 * validationLevel ('strict' checks every write; 'moderate' skips updates to documents that did not match before).
 */
export const validation = {
  // New writes must be version 2 with a known plan…
  validator: { schemaVersion: 2, name: { $type: 'string' }, plan: { $in: ['free', 'pro'] } },
  // …while version-1 documents, which do not match, can still be updated until they are rewritten.
  validationLevel: 'strict',
};

/** The customer with this _id as { id, name, plan }, whichever version its document is; null if there is none. */
export async function readCustomer(customers, id) {
  const doc = await customers.findOne({ _id: id });
  if (!doc) return null;
  if (doc.schemaVersion === 2) return { id: doc._id, name: doc.name, plan: doc.plan };
  // Version 1: no plan stored; derive it the way the SQL backfill does.
  return { id: doc._id, name: doc.name, plan: doc.paidUntil && doc.paidUntil >= TODAY ? 'pro' : 'free' };
}
