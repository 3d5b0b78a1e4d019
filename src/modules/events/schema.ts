import { type Static, Type } from 'typebox';
import { List, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';

export const EVENT_TYPES = ['group.member_entered', 'group.member_level_changed', 'group.member_left'] as const;

export const Event = Type.Object({
  number: Type.Integer({ description: '1, 2, 3... per store, in commit order: a reader that has seen n never later meets a smaller one.' }),
  type: Type.String({ description: `What happened: ${EVENT_TYPES.join(', ')}.` }),
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'For group events: group_id, group_code, group_name, customer_id, level, level_number, previous_level, previous_level_number, vip (the member is VIP in this group after the change), reason, effective_at.',
  }),
  occurred_at: Timestamp,
});
export const EventListQuery = Type.Object({
  after: Type.Optional(Type.String({ description: 'next_cursor of the previous page, or an event number: events after it. Left out: from the first event.' })),
  cursor: Type.Optional(Type.String({ description: 'The same as after, as every other list names it.' })),
  type: Type.Optional(Type.Array(Type.String(), { description: 'Only these types; repeat the parameter for several.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 })),
}, { additionalProperties: false });
export const EventList = List(Event, 'Events in order, oldest first. Keep next_cursor (or the last number) and ask again with it: '
  + 'an empty page means nothing new yet, and next_cursor still says where to go on from.');

export type Event = Static<typeof Event>;
export type EventListQuery = Static<typeof EventListQuery>;
export type EventList = Static<typeof EventList>;
