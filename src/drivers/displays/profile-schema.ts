import { Type, type Static } from '@sinclair/typebox';

/** The protocols a panel profile may name (`profile` = described entirely by `commands`). */
export const PANEL_PROTOCOLS = ['samsung-mdc', 'lg', 'nec', 'philips-sicp', 'newline', 'profile'] as const;

const Hex = Type.String({ pattern: '^\\s*([0-9A-Fa-f]{2}|\\?\\?|\\{[a-z]+(:[a-z0-9]+)?\\})(\\s+([0-9A-Fa-f]{2}|\\?\\?|\\{[a-z]+(:[a-z0-9]+)?\\}))*\\s*$', description: 'hex bytes separated by spaces, with placeholders such as {id:dec2}, {value:dec3}, {input}, {cs} and ?? (any byte, replies only)' });

const Frame = Type.Object(
  {
    send: Hex,
    reply: Type.Optional(Type.Union([Hex, Type.Null()], { description: 'the reply pattern, or null when the device sends nothing back' })),
    values: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'what a captured {value} means, e.g. on: "1", off: "0"' })),
    unverified: Type.Optional(Type.Boolean({ description: 'true when these bytes are not confirmed on a real panel' })),
  },
  { additionalProperties: false, description: 'a frame: send (hex) and optional reply pattern' },
);

export const ProfileCommandsSchema = Type.Object(
  {
    powerOn: Type.Optional(Frame),
    powerOff: Type.Optional(Frame),
    input: Type.Optional(Frame),
    volume: Type.Optional(Frame),
    muteOn: Type.Optional(Frame),
    muteOff: Type.Optional(Frame),
    powerQuery: Type.Optional(Frame),
    inputQuery: Type.Optional(Frame),
    volumeQuery: Type.Optional(Frame),
    muteQuery: Type.Optional(Frame),
  },
  { additionalProperties: false, description: 'the frames of a profile-driven panel' },
);

export const PanelProfileSchema = Type.Object(
  {
    model: Type.String({ minLength: 1, description: 'the model or model family, as on the label' }),
    vendor: Type.Optional(Type.String()),
    protocol: Type.Union(PANEL_PROTOCOLS.map((p) => Type.Literal(p)), { description: `one of: ${PANEL_PROTOCOLS.join(', ')}` }),
    source: Type.Optional(Type.String({ description: 'where the codes come from (vendor sheet, page)' })),
    verified: Type.Optional(Type.Boolean({ description: 'false until tested on a real panel' })),
    warmupMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000, description: 'ms after power on during which the panel refuses input changes' })),
    serial: Type.Optional(
      Type.Object(
        {
          baud: Type.Optional(Type.Integer({ minimum: 1200, maximum: 115_200 })),
          dataBits: Type.Optional(Type.Integer({ minimum: 5, maximum: 8 })),
          parity: Type.Optional(Type.Union(['none', 'even', 'odd'].map((p) => Type.Literal(p)))),
          stopBits: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
        },
        { additionalProperties: false },
      ),
    ),
    tcpPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    inputs: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9-]+$' }), Type.String({ minLength: 1 }), { description: 'input name: protocol code (hex), e.g. hdmi1: "21"' })),
    options: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { description: 'driver options, e.g. muteOffValue: 2' })),
    checksum: Type.Optional(Type.Union(['none', 'sum8', 'xor8', 'neg-sum8'].map((p) => Type.Literal(p)), { description: 'how {cs} is computed: none, sum8, xor8 or neg-sum8' })),
    checksumFrom: Type.Optional(Type.Integer({ minimum: 0, description: 'index of the first byte {cs} covers' })),
    replyEnd: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{2}$', description: 'the byte that ends every reply (hex), e.g. 0D' })),
    replyLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 255, description: 'fixed reply length when replies have no end byte' })),
    nak: Type.Optional(Hex),
    commands: Type.Optional(ProfileCommandsSchema),
  },
  { additionalProperties: false },
);

export type PanelProfile = Static<typeof PanelProfileSchema>;
export type ProfileFrame = Static<typeof Frame>;
export type ProfileCommands = Static<typeof ProfileCommandsSchema>;
