import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';

export interface AedesBroker {
  broker: Aedes;
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** An embedded aedes broker on 127.0.0.1, port 0, with Nagle off on every client socket. */
export async function startAedes(options: { authenticate?: Aedes['authenticate'] } = {}): Promise<AedesBroker> {
  const broker = await Aedes.createBroker();
  if (options.authenticate !== undefined) broker.authenticate = options.authenticate;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    broker,
    server,
    port,
    url: `mqtt://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
