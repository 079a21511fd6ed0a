// Starts the shop: the data file, the models over it, the URL patterns, the templates folder.
import { createApp, serve } from './mini/app.js';
import { FileStore } from './mini/store.js';
import { makeModels } from './models.js';
import { urlpatterns } from './urls.js';

const store = new FileStore(process.env.SHOP_FILE ?? 'data/shop.json');
const port = Number(process.env.PORT ?? 3000);
await serve(createApp({ routes: urlpatterns, templates: 'templates', models: makeModels(store) }), port);
console.log(`shop on http://localhost:${port}/orders/2/ — add ?as=ann (or bob, sam) to sign in`);
