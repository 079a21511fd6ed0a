-- The shop, normalized: one row per customer, per order, per order line.

CREATE TABLE customers (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  country TEXT NOT NULL
);

CREATE TABLE orders (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  placed_at   TEXT NOT NULL
);

CREATE TABLE order_items (
  order_id         TEXT NOT NULL REFERENCES orders (id),
  sku              TEXT NOT NULL,
  qty              INTEGER NOT NULL CHECK (qty > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, sku)
);
