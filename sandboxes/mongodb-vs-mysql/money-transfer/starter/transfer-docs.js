/**
 * Moves `amount` between two accounts of ONE customer, stored in one document of `customers`:
 *   { _id: 'alice', accounts: { checking: 100, savings: 0 } }
 * Returns true when the money moved, false when the `from` account had too little (and then nothing changes).
 *
 * This version reads the document, checks it, then writes twice. Press Run to watch it lose money.
 */
export async function transferDocs(customers, { customer, from, to, amount }) {
  const doc = await customers.findOne({ _id: customer });
  if (doc.accounts[from] < amount) return false;
  await customers.updateOne({ _id: customer }, { $inc: { [`accounts.${from}`]: -amount } });
  await customers.updateOne({ _id: customer }, { $inc: { [`accounts.${to}`]: amount } });
  return true;
}
