import { type Static, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { ALL_RIGHTS } from './rights.ts';

const RightCode = StringEnum(ALL_RIGHTS, { description: 'A right, by code.' });
const Locale = Type.Union([Type.Literal('en'), Type.Literal('fr')]);
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. GBP.' });
const DefaultMargin = Type.Integer({
  minimum: 0, maximum: 10000,
  description: 'Gross margin assumed on sale lines whose cost is unknown (no cost on the line, none on the product), in basis points: 3500 = 35%.',
});
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/London: reports cut days, weeks and months in it.' });
const LoyaltyRate = Type.Integer({
  minimum: 0, maximum: 10000,
  description: 'Loyalty points earned per unit of currency spent (per pound of net sales, not per penny), rounded down per sale; 0 turns earning off.',
});

const OneGroupPerCustomer = Type.Boolean({
  description: 'A customer belongs to one static group only (as in ERPs): putting them in a second moves them. Turning it on is refused while a customer is in several static groups.',
});

export const Store = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  currency: Currency,
  locale: Locale,
  default_margin_bp: DefaultMargin,
  loyalty_points_per_unit: LoyaltyRate,
  time_zone: TimeZone,
  one_group_per_customer: OneGroupPerCustomer,
  created_at: Timestamp,
});
export const StoreUpdate = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  currency: Type.Optional(Type.Intersect([Currency], { description: 'Refused once the store has recorded sales.' })),
  locale: Type.Optional(Locale),
  default_margin_bp: Type.Optional(DefaultMargin),
  loyalty_points_per_unit: Type.Optional(LoyaltyRate),
  time_zone: Type.Optional(TimeZone),
  one_group_per_customer: Type.Optional(OneGroupPerCustomer),
}, { additionalProperties: false });

export const Right = Type.Object({ code: RightCode, name: Type.String({ description: 'The right as a merchant reads it.' }) });
export const RightList = List(Right, 'Every right the product knows.');

export const Role = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  rights: Type.Array(RightCode),
  builtin: Type.Boolean({ description: 'Owner, manager, cashier and viewer come with every store and cannot be changed.' }),
});
export const RoleCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), rights: Type.Array(RightCode, { uniqueItems: true }) },
  { additionalProperties: false },
);
export const RoleUpdate = Type.Partial(RoleCreate, { additionalProperties: false });
export const RoleList = List(Role, 'The store\'s roles.');

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  locale: Type.Union([Locale, Type.Null()], { description: 'The user\'s language; null follows the store.' }),
  role_ids: Type.Array(Type.String({ format: 'uuid' })),
  disabled: Type.Boolean(),
  created_at: Timestamp,
});
const Password = Type.String({ minLength: 10, maxLength: 200, description: 'At least 10 characters.' });
export const UserCreate = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Password,
    role_ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1 }),
    locale: Type.Optional(Type.Union([Locale, Type.Null()])),
  },
  { additionalProperties: false },
);
export const UserUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(Password),
    role_ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1 })),
    locale: Type.Optional(Type.Union([Locale, Type.Null()])),
    disabled: Type.Optional(Type.Boolean({ description: 'Disabling a user ends their sessions.' })),
  },
  { additionalProperties: false },
);
export const MeUpdate = Type.Omit(UserUpdate, ['role_ids', 'disabled'], { additionalProperties: false });
export const UserList = List(User, 'The store\'s users.');

export const ApiKey = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  display: Type.String({ description: 'Prefix and last characters, enough to recognise the key.' }),
  rights: Type.Array(RightCode),
  created_at: Timestamp,
  last_used_at: Type.Union([Timestamp, Type.Null()]),
  revoked_at: Type.Union([Timestamp, Type.Null()]),
});
export const ApiKeyCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), rights: Type.Array(RightCode, { minItems: 1, uniqueItems: true }) },
  { additionalProperties: false },
);
export const ApiKeyCreated = Type.Object({
  ...ApiKey.properties,
  secret: Type.String({ description: 'The key itself. Shown this once; only a hash is kept.' }),
});
export const ApiKeyList = List(ApiKey, 'The store\'s API keys, revoked ones included.');

export const SessionCreate = Type.Object(
  {
    email: Type.String({ minLength: 1 }),
    password: Type.String({ minLength: 1 }),
    store_id: Type.Optional(Type.String({ format: 'uuid', description: 'Needed only when the email belongs to several stores.' })),
  },
  { additionalProperties: false },
);
export const Session = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), locale: Type.Union([Locale, Type.Null()]) }),
  store: Store,
  rights: Type.Array(RightCode),
  csrf_token: Type.String({ description: 'Send as the x-csrf-token header with every change made through this session.' }),
});

export type Store = Static<typeof Store>;
export type StoreUpdate = Static<typeof StoreUpdate>;
export type Right = Static<typeof Right>;
export type Role = Static<typeof Role>;
export type RoleCreate = Static<typeof RoleCreate>;
export type RoleUpdate = Static<typeof RoleUpdate>;
export type RoleList = Static<typeof RoleList>;
export type User = Static<typeof User>;
export type UserCreate = Static<typeof UserCreate>;
export type UserUpdate = Static<typeof UserUpdate>;
export type MeUpdate = Static<typeof MeUpdate>;
export type UserList = Static<typeof UserList>;
export type ApiKey = Static<typeof ApiKey>;
export type ApiKeyCreate = Static<typeof ApiKeyCreate>;
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;
export type ApiKeyList = Static<typeof ApiKeyList>;
export type SessionCreate = Static<typeof SessionCreate>;
export type Session = Static<typeof Session>;
