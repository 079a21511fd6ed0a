/**
 * Moves `amount` between two accounts of ONE customer, stored in one document of `customers`:
 *   { _id: 'alice', accounts: { checking: 100, savings: 0 } }
 * Returns true when the money moved, false when the `from` account had too little (and then nothing changes).
 */
export async function transferDocs(customers, { customer, from, to, amount }) {
  // One update of one document: the guard in the filter and both $inc happen atomically, or not at all.
  const { modifiedCount } = await customers.updateOne(
    { _id: customer, [`accounts.${from}`]: { $gte: amount } },
    { $inc: { [`accounts.${from}`]: -amount, [`accounts.${to}`]: amount } },
  );
  return modifiedCount === 1;
}
