-- The shop, normalized: one row per customer, per order, per order line.
-- Column names are fixed (the checks insert rows with them); the keys and constraints are yours to add.

CREATE TABLE customers (
  id      TEXT,
  name    TEXT,
  country TEXT
);

CREATE TABLE orders (
  id          TEXT,
  customer_id TEXT,
  placed_at   TEXT
);

CREATE TABLE order_items (
  order_id         TEXT,
  sku              TEXT,
  qty              INTEGER,
  unit_price_cents INTEGER
);
