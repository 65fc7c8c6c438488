import { Type, type Static } from '@sinclair/typebox';
import { Id, literalUnion, strictObject } from './common.js';

/** The room's session states, as key light rules name them. */
export const KEY_SESSION_STATES = ['idle', 'starting', 'live', 'ending', 'degraded'] as const;

/** Named key colours (a light rule may also give #rrggbb). */
export const KEY_COLORS = { off: '#000000', white: '#ffffff', red: '#ff0000', green: '#00a000', amber: '#ff9000', blue: '#0050ff', grey: '#202020' } as const;

/** Icons the agent can draw on keys with a display (Stream Deck); keys without one show only the colour. */
export const KEY_ICONS = ['record', 'stop', 'pause', 'play', 'power', 'help', 'plus', 'minus', 'screen', 'camera', 'light', 'mic-off'] as const;

const Color = Type.Union([literalUnion(Object.keys(KEY_COLORS) as (keyof typeof KEY_COLORS)[], 'a colour name'), Type.String({ pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$' })], {
  description: `a colour: ${Object.keys(KEY_COLORS).join(', ')} or #rrggbb`,
});

const Session = literalUnion(KEY_SESSION_STATES, 'a session state');

const LightCondition = strictObject(
  {
    session: Type.Optional(Type.Union([Session, Type.Array(Session, { minItems: 1 })], { description: 'the session is in this state (or one of these)' })),
    recording: Type.Optional(Type.Union([Type.Boolean(), Id], { description: 'true: some recorder is recording (false: none is); a device id: that recorder is' })),
    failing: Type.Optional(Type.Union([Type.Boolean(), Id], { description: 'true: some device is offline or degraded; a device id: that device is' })),
    sceneRunning: Type.Optional(Type.Boolean({ description: "the key's own scene is running now" })),
  },
  'when the rule applies: every condition given must hold',
);

export const KeyLightRuleSchema = strictObject(
  {
    when: LightCondition,
    color: Color,
    label: Type.Optional(Type.String({ maxLength: 24, description: 'a label shown while the rule applies (Stream Deck)' })),
  },
  'a light rule: the first whose conditions hold sets the key',
);

const ArgValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const KeyBindingSchema = strictObject(
  {
    scene: Type.Optional(Type.String({ description: 'the scene the key runs' })),
    action: Type.Optional(Type.String({ description: 'a device action such as relay.set, preset.goto or input.select (with device)' })),
    device: Type.Optional(Id),
    args: Type.Optional(Type.Record(Type.String(), ArgValue, { description: 'the action arguments, e.g. channel: 2, on: true, preset: 3, input: hdmi2' })),
    label: Type.Optional(Type.String({ maxLength: 24, description: 'text drawn on keys with a display (Stream Deck)' })),
    icon: Type.Optional(literalUnion(KEY_ICONS, `an icon drawn on keys with a display: ${KEY_ICONS.join(', ')}`)),
    lights: Type.Optional(Type.Array(KeyLightRuleSchema, { maxItems: 16, description: 'light rules, first match wins; without a match the key has its default look' })),
  },
  'what one key does and how it looks',
);

export const KeypadSchema = strictObject(
  {
    device: Id,
    keys: Type.Record(Type.String({ pattern: '^[0-9]+$' }), KeyBindingSchema, { description: 'key number (as the keypad numbers them) to what it does' }),
  },
  'one keypad and its keys',
);

export type KeyBindingConfig = Static<typeof KeyBindingSchema>;
export type KeyLightRuleConfig = Static<typeof KeyLightRuleSchema>;
export type KeypadConfig = Static<typeof KeypadSchema>;
