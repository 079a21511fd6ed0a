// Written another way: the <int:id> converter turns the id into a number before the action sees it.
import { route } from '../mini/router.js';

export const routes = [
  route('GET', '/', 'todos#index'),
  route('GET', '/todos', 'todos#index'),
  route('GET', '/todos/<int:id>', 'todos#show'),
  route('POST', '/todos', 'todos#create'),
];
