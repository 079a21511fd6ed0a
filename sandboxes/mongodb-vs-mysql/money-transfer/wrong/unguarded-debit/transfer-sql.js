// A transaction, but the debit has no guard: nothing stops the balance going below zero.
export async function transferSql(db, { from, to, amount }) {
  return db.transaction(async (tx) => {
    await tx.run('UPDATE accounts SET balance = balance - ? WHERE id = ?', [amount, from]);
    await tx.run('UPDATE accounts SET balance = balance + ? WHERE id = ?', [amount, to]);
    return true;
  });
}
