export { requireBinary } from './binaries.js';
export { tempDir, type TempDir } from './tmp.js';
export { freePort, waitForPort } from './ports.js';
export { startPtyPair, type PtyPair } from './pty.js';
export { startAedes, type AedesBroker } from './aedes.js';
export { startMosquitto, type MosquittoBroker } from './mosquitto.js';
export { launchChromium, type Browser } from './browser.js';
export { runCliInProcess, runCliBinary, type CliRun } from './cli.js';
export { makeCertificates, type TestCertificates } from './certs.js';
