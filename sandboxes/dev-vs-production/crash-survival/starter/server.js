import http from 'node:http';
import { handle } from './app.js';

const port = Number(process.env.PORT ?? 3000);

// One process runs every request, like `manage.py runserver --noreload`:
// if anything throws, the whole site goes down with it.
const server = http.createServer(handle);

server.listen(port, () => {
  console.log(`pid ${process.pid} listening on http://localhost:${port}`);
});
