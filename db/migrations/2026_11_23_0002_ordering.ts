/**
 * Ordering: the cart is kept apart from the submitted lines, so changing a submitted order never puts it at
 * risk — the submitted lines stand until the changed cart is submitted in one step. Every submit, change and
 * cancel is an order event recording who did it (a manager acting for the shop is marked as such).
 */
import type { Kysely } from 'kysely';
import { idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cart_lines')
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('qty_cartons', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cart_lines_pk', ['order_id', 'spec_id'])
    .execute();

  await db.schema
    .createTable('order_events')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('at', instantType(db), (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('on_behalf', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('total_cartons', 'integer', (c) => c.notNull())
    .addColumn('total_amount_fen', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_events_order_idx').on('order_events').columns(['order_id', 'at']).execute();

  // A retailer's order history is read newest first.
  await db.schema.createIndex('orders_retailer_idx').on('orders').columns(['retailer_id', 'cycle_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_retailer_idx').execute();
  await db.schema.dropTable('order_events').execute();
  await db.schema.dropTable('cart_lines').execute();
}
