// Runs an in-memory PGlite behind a PostgreSQL socket in its own process and
// prints `listening <host:port>`. Tests that share one embedded database
// between server instances use it so PGlite's WASM work never stalls the
// event loop of the servers under test, as a real database server would not.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const db = new PGlite();
await db.waitReady;
const socket = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
await socket.start();
console.log(`listening ${socket.getServerConn()}`);
const stop = async () => {
  await socket.stop();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
