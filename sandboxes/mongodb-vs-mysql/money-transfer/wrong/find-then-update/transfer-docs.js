// One atomic update, but the check happened in JavaScript on a copy read earlier.
export async function transferDocs(customers, { customer, from, to, amount }) {
  const doc = await customers.findOne({ _id: customer });
  if (doc.accounts[from] < amount) return false;
  await customers.updateOne({ _id: customer }, { $inc: { [`accounts.${from}`]: -amount, [`accounts.${to}`]: amount } });
  return true;
}
