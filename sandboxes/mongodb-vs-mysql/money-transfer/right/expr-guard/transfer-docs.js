/** Solved with an $expr guard instead of a field condition: still one atomic update of one document. */
export async function transferDocs(customers, { customer, from, to, amount }) {
  const result = await customers.updateOne(
    { _id: customer, $expr: { $gte: [`$accounts.${from}`, amount] } },
    { $inc: { [`accounts.${from}`]: -amount, [`accounts.${to}`]: amount } },
  );
  return result.matchedCount === 1;
}
