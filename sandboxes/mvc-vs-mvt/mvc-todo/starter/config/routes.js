// config/routes.rb, in JavaScript: each HTTP method and path goes to one controller action.
import { route } from '../mini/router.js';

export const routes = [
  route('GET', '/', 'todos#index'),
  route('GET', '/todos', 'todos#index'),
];
