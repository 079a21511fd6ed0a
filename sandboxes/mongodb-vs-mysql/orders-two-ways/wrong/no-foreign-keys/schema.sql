-- Keys, NOT NULL and CHECK, but no foreign keys: nothing says what an order or a line refers to.

CREATE TABLE customers (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  country TEXT NOT NULL
);

CREATE TABLE orders (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  placed_at   TEXT NOT NULL
);

CREATE TABLE order_items (
  order_id         TEXT NOT NULL,
  sku              TEXT NOT NULL,
  qty              INTEGER NOT NULL CHECK (qty > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, sku)
);
