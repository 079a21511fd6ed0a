/** Solved with RETURNING, and the credit written before the guarded debit: the transaction makes the order irrelevant. */
export async function transferSql(db, { from, to, amount }) {
  return db.transaction(async (tx) => {
    await tx.run('UPDATE accounts SET balance = balance + ? WHERE id = ?', [amount, to]);
    const { rows } = await tx.run(
      'UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ? RETURNING balance',
      [amount, from, amount],
    );
    if (rows.length === 0) throw new InsufficientFunds(); // undo the credit
    return true;
  }).catch((error) => {
    if (error instanceof InsufficientFunds) return false;
    throw error;
  });
}

class InsufficientFunds extends Error {}
