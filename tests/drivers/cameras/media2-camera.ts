import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { operationOf } from './soap-fields.js';

/**
 * A Media2-only (ONVIF Profile T) camera: GetServices lists the device, Media2 (ver20/media) and
 * PTZ services and no Media (ver10/media) at all, so profiles and stream URIs exist only through
 * Media2 GetProfiles / GetStreamUri / GetSnapshotUri. Written for the tests from the ONVIF Media2
 * WSDL and schema (tr2:Profiles with tr2:Configurations, tr2:Uri); no capture of such a camera
 * is in the collections used here, so these envelopes are ours.
 */
const NS = {
  s: 'http://www.w3.org/2003/05/soap-envelope',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  tr2: 'http://www.onvif.org/ver20/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
};

const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS.s}" xmlns:tds="${NS.tds}" xmlns:tr2="${NS.tr2}" xmlns:tptz="${NS.tptz}" xmlns:tt="${NS.tt}"><s:Body>${body}</s:Body></s:Envelope>`;

const fault = (op: string): string =>
  envelope(`<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value xmlns:ter="http://www.onvif.org/ver10/error">ter:ActionNotSupported</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">${op}</s:Text></s:Reason></s:Fault>`);

export class Media2Camera {
  readonly ops: { op: string; ns: string }[] = [];
  private server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${String(this.port)}/onvif/device_service`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const op = operationOf(Buffer.concat(chunks).toString('utf8'));
    this.ops.push({ op: op?.name ?? '?', ns: op?.ns ?? '' });
    const xml = op === undefined ? undefined : this.answer(op.name, op.ns);
    res.writeHead(xml === undefined ? 400 : 200, { 'content-type': 'application/soap+xml; charset=utf-8' });
    res.end(xml ?? fault(op?.name ?? '?'));
  }

  private answer(op: string, ns: string): string | undefined {
    const base = `http://127.0.0.1:${String(this.port)}`;
    if (ns === NS.tds) {
      if (op === 'GetSystemDateAndTime') {
        const d = new Date();
        return envelope(
          `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:UTCDateTime><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
        );
      }
      if (op === 'GetServices') {
        const service = (namespace: string, path: string): string => `<tds:Service><tds:Namespace>${namespace}</tds:Namespace><tds:XAddr>${base}${path}</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>`;
        return envelope(`<tds:GetServicesResponse>${service(NS.tds, '/onvif/device_service')}${service(NS.tr2, '/onvif/media2_service')}${service(NS.tptz, '/onvif/ptz_service')}</tds:GetServicesResponse>`);
      }
      if (op === 'GetDeviceInformation') {
        return envelope('<tds:GetDeviceInformationResponse><tds:Manufacturer>Profile T Test</tds:Manufacturer><tds:Model>T-1</tds:Model><tds:FirmwareVersion>2.0</tds:FirmwareVersion><tds:SerialNumber>T0001</tds:SerialNumber><tds:HardwareId>T</tds:HardwareId></tds:GetDeviceInformationResponse>');
      }
    }
    if (ns === NS.tr2) {
      if (op === 'GetProfiles') {
        const profile = (token: string, name: string, w: number, h: number, ptz: boolean): string =>
          `<tr2:Profiles token="${token}" fixed="true"><tr2:Name>${name}</tr2:Name><tr2:Configurations><tr2:VideoSource token="vsc"><tt:Name>vsc</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="1920" height="1080"/></tr2:VideoSource><tr2:VideoEncoder token="enc-${token}" GovLength="30" Profile="Main"><tt:Name>enc-${token}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H265</tt:Encoding><tt:Resolution><tt:Width>${w}</tt:Width><tt:Height>${h}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality></tr2:VideoEncoder>${ptz ? '<tr2:PTZ token="ptz0"><tt:Name>ptz0</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>node0</tt:NodeToken></tr2:PTZ>' : ''}</tr2:Configurations></tr2:Profiles>`;
        return envelope(`<tr2:GetProfilesResponse>${profile('main', 'Main stream', 1920, 1080, true)}${profile('sub', 'Sub stream', 640, 360, false)}</tr2:GetProfilesResponse>`);
      }
      if (op === 'GetVideoSourceConfigurations') {
        return envelope('<tr2:GetVideoSourceConfigurationsResponse><tr2:Configurations token="vsc"><tt:Name>vsc</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="1920" height="1080"/></tr2:Configurations></tr2:GetVideoSourceConfigurationsResponse>');
      }
      if (op === 'GetStreamUri') return envelope('<tr2:GetStreamUriResponse><tr2:Uri>rtsp://127.0.0.1:554/main</tr2:Uri></tr2:GetStreamUriResponse>');
      if (op === 'GetSnapshotUri') return envelope(`<tr2:GetSnapshotUriResponse><tr2:Uri>${base}/snapshot/main.jpg</tr2:Uri></tr2:GetSnapshotUriResponse>`);
    }
    if (ns === NS.tptz && op === 'GetStatus') {
      return envelope('<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position><tt:PanTilt x="0.1" y="0.2"/><tt:Zoom x="0.3"/></tt:Position><tt:MoveStatus><tt:PanTilt>IDLE</tt:PanTilt><tt:Zoom>IDLE</tt:Zoom></tt:MoveStatus></tptz:PTZStatus></tptz:GetStatusResponse>');
    }
    return undefined;
  }
}
