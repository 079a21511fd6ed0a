// The guarded debit is right, but the two statements commit one by one: a crash between them loses the money.
export async function transferSql(db, { from, to, amount }) {
  const debit = await db.run('UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?', [amount, from, amount]);
  if (debit.changes === 0) return false;
  await db.run('UPDATE accounts SET balance = balance + ? WHERE id = ?', [amount, to]);
  return true;
}
