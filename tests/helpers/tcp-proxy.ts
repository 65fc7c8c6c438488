export { startTcpProxy, type TcpProxy, type ProxyMode } from '../../scripts/lib/tcp-proxy.js';
