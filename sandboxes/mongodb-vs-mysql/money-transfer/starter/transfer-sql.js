/**
 * Moves `amount` from one row of `accounts` to another:
 *   CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL)
 * Returns true when the money moved, false when the payer had too little (and then nothing changes).
 *
 * This version reads the balance, checks it, then writes twice. Press Run to watch it lose money.
 */
export async function transferSql(db, { from, to, amount }) {
  const payer = await db.get('SELECT balance FROM accounts WHERE id = ?', [from]);
  if (payer.balance < amount) return false;
  await db.run('UPDATE accounts SET balance = balance - ? WHERE id = ?', [amount, from]);
  await db.run('UPDATE accounts SET balance = balance + ? WHERE id = ?', [amount, to]);
  return true;
}
