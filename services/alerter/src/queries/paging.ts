import { BadRequestException } from '@nestjs/common';
import type { QueriesStore } from './queries.store';

/** A page of a list: `nextBefore` is the `before` of the next page, null on the last page. */
export type Page<K extends string, T extends { id: number }> = { [key in K]: T[] } & { nextBefore: number | null };

export function pageOf<K extends string, T extends { id: number }>(key: K, items: T[], more: boolean): Page<K, T> {
  return { [key]: items, nextBefore: more ? items[items.length - 1].id : null } as Page<K, T>;
}

/** A cursor naming nothing would return an empty page, indistinguishable from the end of the list: refuse it. */
export async function requireCursor(store: QueriesStore, table: 'stories' | 'events', before: number): Promise<void> {
  if (!(await store.exists(table, before))) {
    throw new BadRequestException([`before must be the id of a stored ${table === 'stories' ? 'story' : 'event'}; ${before} is none`]);
  }
}
