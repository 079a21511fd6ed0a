// The command line, like Django's manage.py: node manage.js invoice <order id> --as <user name>
import { FileStore } from './mini/store.js';
import { invoice } from './commands/invoice.js';
import { makeModels } from './models.js';

const [command, id, flag, user] = process.argv.slice(2);
if (command !== 'invoice' || !/^\d+$/.test(id ?? '')) {
  console.error('usage: node manage.js invoice <order id> --as <user name>');
  process.exit(2);
}
const models = makeModels(new FileStore(process.env.SHOP_FILE ?? 'data/shop.json'));
try {
  console.log(invoice({ orderId: Number(id), user: flag === '--as' ? user : null }, models));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
