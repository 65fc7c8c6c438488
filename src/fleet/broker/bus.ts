/**
 * How the fleet meets MQTT, whether the broker is aedes in this process or an external one:
 * room messages come in through the handler (each message to exactly one fleet worker), and
 * the fleet publishes commands and its own status.
 */
/** `retained`: a stored message replayed on subscription, not news. */
export type MessageHandler = (topic: string, payload: Buffer, retained: boolean) => void;

export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

export interface FleetBus {
  readonly mode: 'embedded' | 'external';
  setHandler(handler: MessageHandler): void;
  publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void>;
  /** Closes a room's live connections (after revocation or rotation); external brokers cannot. */
  disconnectRoom(root: string): number;
  /** Connected MQTT clients, where the broker is in this process. */
  connectedClients(): number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}
