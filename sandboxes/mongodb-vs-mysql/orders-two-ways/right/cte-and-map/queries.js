// Solved another way: a CTE and NOT EXISTS in SQL; $reduce over each order's lines instead of $unwind, and
// $lookup with a pipeline, in the aggregations.

export const sql = {
  revenuePerCustomer: `
    WITH line_totals AS (
      SELECT o.customer_id, i.qty * i.unit_price_cents AS cents
      FROM order_items i JOIN orders o ON o.id = i.order_id
    )
    SELECT c.name AS customer, (SELECT SUM(cents) FROM line_totals l WHERE l.customer_id = c.id) AS revenue
    FROM customers c
    WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
    ORDER BY revenue DESC`,
  topProducts: `
    SELECT sku, units FROM (SELECT sku, SUM(qty) AS units FROM order_items GROUP BY sku)
    ORDER BY units DESC LIMIT 3`,
  neverOrdered: `
    SELECT name AS customer FROM customers c
    WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
    ORDER BY name`,
};

export const mongo = {
  revenuePerCustomer: [
    {
      $set: {
        orderTotal: {
          $reduce: {
            input: '$items',
            initialValue: 0,
            in: { $add: ['$$value', { $multiply: ['$$this.qty', '$$this.unitPriceCents'] }] },
          },
        },
      },
    },
    { $group: { _id: '$customerId', revenue: { $sum: '$orderTotal' } } },
    { $lookup: { from: 'customers', localField: '_id', foreignField: '_id', as: 'who' } },
    { $sort: { revenue: -1 } },
    { $project: { _id: 0, customer: { $first: '$who.name' }, revenue: 1 } },
  ],
  topProducts: [
    { $unwind: { path: '$items' } },
    { $replaceWith: '$items' },
    { $group: { _id: '$sku', units: { $sum: '$qty' } } },
    { $sort: { units: -1 } },
    { $limit: 3 },
    { $project: { _id: 0, sku: '$_id', units: 1 } },
  ],
  neverOrdered: [
    { $lookup: { from: 'orders', let: { id: '$_id' }, pipeline: [{ $match: { $expr: { $eq: ['$customerId', '$$id'] } } }], as: 'orders' } },
    { $match: { 'orders.0': { $exists: false } } },
    { $project: { _id: 0, customer: '$name' } },
    { $sort: { customer: 1 } },
  ],
};
