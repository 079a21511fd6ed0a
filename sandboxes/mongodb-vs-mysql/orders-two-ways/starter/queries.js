/**
 * The same three questions, asked of both models. Each answer is a list of plain objects with exactly the
 * keys shown, in the order shown.
 *
 * 1. revenuePerCustomer — { customer, revenue } per customer who ordered: customer is the name, revenue the
 *    sum of qty × unit price in cents over all their order lines. Highest revenue first.
 * 2. topProducts — { sku, units }: the three SKUs with the most units sold. Most units first.
 * 3. neverOrdered — { customer }: names of customers without any order, by name.
 */

/** SQL over tables customers, orders, order_items (schema.sql). */
export const sql = {
  revenuePerCustomer: `
    SELECT c.name AS customer, COUNT(*) AS revenue
    FROM customers c JOIN orders o ON o.customer_id = c.id
    GROUP BY c.id
    ORDER BY revenue DESC`,
  topProducts: `SELECT 'TODO' AS sku, 0 AS units`,
  neverOrdered: `SELECT 'TODO' AS customer`,
};

/** Aggregation pipelines: revenuePerCustomer and topProducts run on `orders`, neverOrdered on `customers`. */
export const mongo = {
  revenuePerCustomer: [
    { $group: { _id: '$customerId', revenue: { $sum: 1 } } },
    { $sort: { revenue: -1 } },
  ],
  topProducts: [{ $limit: 0 }],
  neverOrdered: [{ $limit: 0 }],
};
