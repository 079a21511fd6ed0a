// urls.py: which view answers which URL. Patterns are tried in order; the first match wins.
import { path } from './mini/router.js';
import * as views from './views.js';

export const urlpatterns = [
  path('', views.todoList, { name: 'todo-list' }),
  path('todos/<str:id>/', views.todoDetail, { name: 'todo-detail' }),
];
