// Each update is guarded and atomic, but there are two of them: a crash between them loses the money.
export async function transferDocs(customers, { customer, from, to, amount }) {
  const debit = await customers.updateOne(
    { _id: customer, [`accounts.${from}`]: { $gte: amount } },
    { $inc: { [`accounts.${from}`]: -amount } },
  );
  if (debit.modifiedCount === 0) return false;
  await customers.updateOne({ _id: customer }, { $inc: { [`accounts.${to}`]: amount } });
  return true;
}
