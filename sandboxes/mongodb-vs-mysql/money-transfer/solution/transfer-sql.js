/**
 * Moves `amount` from one row of `accounts` to another:
 *   CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL)
 * Returns true when the money moved, false when the payer had too little (and then nothing changes).
 */
export async function transferSql(db, { from, to, amount }) {
  return db.transaction(async (tx) => {
    // Check and debit in one statement: the row is tested and changed with nothing in between,
    // so a second transfer cannot slip in after the check (as it can after a SELECT).
    const debit = await tx.run('UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?', [amount, from, amount]);
    if (debit.changes === 0) return false;
    await tx.run('UPDATE accounts SET balance = balance + ? WHERE id = ?', [amount, to]);
    return true; // COMMIT happens here; a throw anywhere above rolls the debit back
  });
}
