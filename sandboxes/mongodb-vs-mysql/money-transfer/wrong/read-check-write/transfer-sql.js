// Read, check in JavaScript, then write: two transfers both read 100 before either debits.
export async function transferSql(db, { from, to, amount }) {
  const { balance } = await db.get('SELECT balance FROM accounts WHERE id = ?', [from]);
  if (balance < amount) return false;
  return db.transaction(async (tx) => {
    await tx.run('UPDATE accounts SET balance = balance - ? WHERE id = ?', [amount, from]);
    await tx.run('UPDATE accounts SET balance = balance + ? WHERE id = ?', [amount, to]);
    return true;
  });
}
