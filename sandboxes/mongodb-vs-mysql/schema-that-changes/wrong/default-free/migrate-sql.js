// One ALTER TABLE with a DEFAULT: every existing customer becomes 'free', and a new row without a plan is accepted too.
export async function migrateSql(db) {
  await db.exec("ALTER TABLE customers ADD COLUMN plan TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro'))");
}
