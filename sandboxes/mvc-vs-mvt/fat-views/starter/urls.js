// urls.py: the order page for people, the same order's price as JSON for the mobile app.
import { path } from './mini/router.js';
import * as views from './views.js';

export const urlpatterns = [
  path('orders/<int:id>/', views.orderPage, { name: 'order-page' }),
  path('api/orders/<int:id>/', views.orderApi, { name: 'order-api' }),
];
