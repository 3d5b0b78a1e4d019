import { type Static, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Colour = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'A colour as #rrggbb.' });
const TagName = Type.String({ minLength: 1, maxLength: 100 });
const TagIds = (description: string) => Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200, uniqueItems: true, description });

/**
 * The one tag condition: this search, saved searches, bulk actions, the export, and later discount rules and
 * reports all read it the same way. Lists left out or empty do not constrain.
 */
export const tagConditionFields = {
  all: Type.Optional(TagIds('AND: the customer carries every one of these tags.')),
  any: Type.Optional(TagIds('OR: the customer carries at least one of these tags.')),
  none: Type.Optional(TagIds('NONE: the customer carries none of these tags.')),
};
export const TagCondition = Type.Object(tagConditionFields, { additionalProperties: false, description: 'AND / OR / NONE of tags, combined with AND.' });

export const Actor = Type.Object({
  kind: StringEnum(['user', 'api_key', 'system']),
  id: Nullable(Type.String({ format: 'uuid' })),
}, { description: 'Who did it: a user, an API key, or Clientele itself (the demo, a merge).' });

export const TagCategory = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Nullable(Type.String()),
  colour: Nullable(Type.String()),
  sort_order: Type.Integer(),
  single_choice: Type.Boolean({ description: 'A customer may carry at most one tag of a single-choice category (e.g. "Price level").' }),
  tag_count: Type.Integer({ description: 'Tags in the category, archived ones included.' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
const categoryFields = {
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Unique in the store, without regard to case.' }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  colour: Type.Optional(Nullable(Colour)),
  sort_order: Type.Optional(Type.Integer({ description: 'Categories list in this order, then by name.' })),
  single_choice: Type.Optional(Type.Boolean({ description: 'Turning it on is refused while a customer carries two of its tags.' })),
};
export const TagCategoryCreate = Type.Object(categoryFields, { additionalProperties: false });
export const TagCategoryUpdate = Type.Partial(Type.Object(categoryFields), { additionalProperties: false });
export const TagCategoryList = List(TagCategory, 'The store\'s tag categories, in sort order.');
export const TagCategoryDeleted = Type.Object({
  tags_deleted: Type.Integer(),
  customers_touched: Type.Integer({ description: 'Customers who lost at least one tag.' }),
});

export const Tag = Type.Object({
  id: Type.String({ format: 'uuid' }),
  category_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  colour: Nullable(Type.String()),
  archived: Type.Boolean({ description: 'An archived tag stays on its customers but cannot be given to more.' }),
  customers: Type.Integer({ description: 'How many customers carry it.' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export const TagCreate = Type.Object({
  category_id: Type.String({ format: 'uuid' }),
  name: Type.String({ ...TagName, description: 'Unique in its category, without regard to case.' }),
  colour: Type.Optional(Nullable(Colour)),
  archived: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export const TagUpdate = Type.Partial(Type.Object({
  category_id: Type.String({ format: 'uuid', description: 'Moves the tag to another category; its customers keep it.' }),
  name: TagName,
  colour: Nullable(Colour),
  archived: Type.Boolean(),
}), { additionalProperties: false });
export const TagListQuery = Type.Object({
  category_id: Type.Optional(Type.String({ format: 'uuid' })),
  archived: Type.Optional(Type.Boolean({ description: 'Only archived (true) or only active (false) tags.' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Any part of the name.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page.' })),
}, { additionalProperties: false });
export const TagList = List(Tag, 'Tags by name.');
export const TagMerge = Type.Object({
  into_tag_id: Type.String({ format: 'uuid', description: 'The tag that stays; this one is deleted.' }),
}, { additionalProperties: false });
export const TagMerged = Type.Object({
  tag: Tag,
  customers_moved: Type.Integer({ description: 'Customers who carried only the merged tag and now carry the kept one.' }),
  customers_touched: Type.Integer({ description: 'Customers who carried the merged tag.' }),
});
export const TagDeleted = Type.Object({
  customers_touched: Type.Integer({ description: 'Customers who carried the tag and no longer do.' }),
});

export const CustomerTag = Type.Object({
  tag_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  category_id: Type.String({ format: 'uuid' }),
  category_name: Type.String(),
  colour: Nullable(Type.String()),
  archived: Type.Boolean(),
  assigned_by: Actor,
  assigned_at: Timestamp,
});
export const CustomerTagList = Type.Object({ items: Type.Array(CustomerTag) }, { description: 'A customer\'s tags, by category then name, with who assigned each and when.' });

export type TagCondition = Static<typeof TagCondition>;
export type Actor = Static<typeof Actor>;
export type TagCategory = Static<typeof TagCategory>;
export type TagCategoryCreate = Static<typeof TagCategoryCreate>;
export type TagCategoryUpdate = Static<typeof TagCategoryUpdate>;
export type TagCategoryList = Static<typeof TagCategoryList>;
export type TagCategoryDeleted = Static<typeof TagCategoryDeleted>;
export type Tag = Static<typeof Tag>;
export type TagCreate = Static<typeof TagCreate>;
export type TagUpdate = Static<typeof TagUpdate>;
export type TagListQuery = Static<typeof TagListQuery>;
export type TagList = Static<typeof TagList>;
export type TagMerge = Static<typeof TagMerge>;
export type TagMerged = Static<typeof TagMerged>;
export type TagDeleted = Static<typeof TagDeleted>;
export type CustomerTag = Static<typeof CustomerTag>;
export type CustomerTagList = Static<typeof CustomerTagList>;
